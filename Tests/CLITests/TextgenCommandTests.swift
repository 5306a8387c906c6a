import Foundation
import Testing
import _TestSupport

/// `textgen` as a user runs it: train a tiny model, sample, evaluate, and the errors.
@Suite struct TextgenCommandTests {
    /// A tiny model trained once for the suite's tests (a few seconds).
    static let trained: (directory: URL, model: String, validation: String, log: String) = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quill-textgen-cli-\(UUID())")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var text = ""
        let lines = ["ROMEO: what light through yonder window breaks?\n", "JULIET: ay me!\n", "ROMEO: she speaks.\n"]
        for index in 0..<300 { text += lines[(index * 7 + index / 3) % 3] }
        try! Data(text.utf8).write(to: directory.appendingPathComponent("play.txt"))
        // The validation text: the last 10% of the characters, as training splits it.
        let characters = Array(text)
        let validation = String(characters[(characters.count - Int((Double(characters.count) * 0.1).rounded()))...])
        try! Data(validation.utf8).write(to: directory.appendingPathComponent("validation.txt"))
        let result = try! ToolRunner.run("textgen", ["train", "--corpus", "play.txt", "--cell", "gru", "--layers", "1",
                                                    "--hidden", "48", "--embedding", "16", "--dropout", "0", "--seq-length", "20",
                                                    "--batch", "8", "--epochs", "3", "--lr", "0.01", "--seed", "3", "--out", "play.quill"],
                                         in: directory)
        return (directory, directory.appendingPathComponent("play.quill").path, result.standardError,
                directory.appendingPathComponent("play.log.csv").path)
    }()

    @Test func trainingReportsEpochsSamplesAndWritesTheFilesBesideTheModel() throws {
        let (directory, model, stderr, log) = Self.trained
        #expect(FileManager.default.fileExists(atPath: model), "\(stderr)")
        #expect(stderr.contains("epoch 3/3: training loss"))
        #expect(stderr.contains("  sample: "))
        #expect(stderr.contains("done in"))
        for name in ["play.log.csv", "play.loss.svg", "play.checkpoint.quill"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), "\(name)")
        }
        #expect(try String(contentsOfFile: log, encoding: .utf8).hasPrefix("step,epoch,batch,loss,validation"))
    }

    @Test func samplingWithASeedIsReproducibleAndStreamsThePrimeFirst() throws {
        let model = Self.trained.model
        let arguments = ["sample", "--model", model, "--prime", "ROMEO:", "--length", "60", "--seed", "11", "--temperature", "0.8", "--top-p", "0.9"]
        let first = try ToolRunner.run("textgen", arguments)
        let second = try ToolRunner.run("textgen", arguments)
        #expect(first.status == 0 && first.standardError.isEmpty, "\(first.standardError)")
        #expect(first.standardOutput == second.standardOutput)
        #expect(first.standardOutput.hasPrefix("ROMEO:") && first.standardOutput.count == 6 + 60 + 1)
        // sample is the default subcommand.
        let implicit = try ToolRunner.run("textgen", Array(arguments.dropFirst()))
        #expect(implicit.standardOutput == first.standardOutput)
    }

    @Test func jsonGivesTheTextItsLogProbabilityAndTheUnknownPrimeCharacters() throws {
        let result = try ToolRunner.run("textgen", ["--model", Self.trained.model, "--prime", "RЖOMEO", "--length", "30",
                                                   "--seed", "2", "--count", "2", "--json"])
        #expect(result.status == 0)
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect((object["text"] as? String)?.count == 30)
            #expect((object["log_probability"] as? Double).map { $0 < 0 } == true)
            #expect(object["unknown_prime_characters"] as? [String] == ["Ж"])
            #expect(object["prime"] as? String == "RЖOMEO")
        }
        #expect(result.standardError.contains("note: the model does not know 1 prime character: 'Ж' (U+0416); skipped them."))
    }

    @Test func evaluateReproducesTheValidationLossOfTraining() throws {
        let (directory, model, _, log) = Self.trained
        let result = try ToolRunner.run("textgen", ["evaluate", "--model", model, "--text", "validation.txt", "--json"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        let figures = try #require(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Double])
        // The best epoch's validation loss from the log (epoch rows have an empty batch column).
        let validations = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").dropFirst().compactMap { line -> Double? in
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            return fields[2].isEmpty ? Double(fields[4]) : nil
        }
        let best = try #require(validations.min())
        #expect(abs(figures["nats_per_character"]! - best) < 1e-6)
        #expect(abs(figures["bits_per_character"]! - best / M_LN2) < 1e-6)
    }

    @Test func theShippedModelIsFoundThroughQuillModels() throws {
        let folder = Self.trained.directory.appendingPathComponent("models-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.trained.model, toPath: folder.appendingPathComponent("textgen-shakespeare.quill").path)
        let result = try ToolRunner.run("textgen", ["--length", "5", "--seed", "1"], in: Self.trained.directory,
                                        environment: ["QUILL_MODELS": folder.path])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.count == 6)
    }

    @Test func badInputGetsOneClearErrorAndStatusOne() throws {
        let directory = Self.trained.directory
        try Data().write(to: directory.appendingPathComponent("empty.txt"))
        try Data("x".utf8).write(to: directory.appendingPathComponent("one.txt"))
        try Data([0x41, 0x0A, 0x42, 0xFF, 0x0A]).write(to: directory.appendingPathComponent("binary.txt"))
        let cases: [([String], String)] = [
            (["train", "--corpus", "empty.txt", "--out", "x.quill"], "error: empty.txt: the corpus is empty"),
            (["train", "--corpus", "one.txt", "--out", "x.quill"], "error: one.txt: the corpus holds a single character"),
            (["train", "--corpus", "binary.txt", "--out", "x.quill"], "error: binary.txt:2: invalid UTF-8"),
            (["train", "--corpus", "missing.txt", "--out", "x.quill"], "error: missing.txt"),
            (["sample", "--model", "play.txt"], "error: play.txt"),
            (["sample", "--model", "play.log.csv"], "error: play.log.csv"),
            (["evaluate", "--model", "play.quill", "--text", "one.txt"], "error: one.txt: the text has fewer than two characters"),
            (["train", "--corpus", "play.txt", "--out", "no-such-folder/x.quill"], "error: no-such-folder/x.quill: cannot write the model there (the folder no-such-folder does not exist)"),
        ]
        for (arguments, expected) in cases {
            let result = try ToolRunner.run("textgen", arguments, in: directory)
            #expect(result.status == 1, "\(arguments)")
            #expect(result.standardError.hasPrefix(expected), "\(arguments): \(result.standardError)")
            #expect(!result.standardError.contains("Fatal error"))
        }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x.quill").path))
        // Usage errors exit 2.
        for arguments in [["sample", "--top-p", "2"], ["sample", "--prime", "a", "--prime-file", "b"], ["train", "--corpus", "play.txt"]] {
            #expect(try ToolRunner.run("textgen", arguments, in: directory).status == 2, "\(arguments)")
        }
        // No shipped model anywhere: the error says where it looked and what to do.
        let none = try ToolRunner.run("textgen", ["--length", "3"], in: directory, environment: ["QUILL_MODELS": directory.path])
        if none.status == 1 {   // (a checkout's Models/ may hold the real one, found beside the executable)
            #expect(none.standardError.contains("pass --model FILE or set QUILL_MODELS"))
        }
    }
}
