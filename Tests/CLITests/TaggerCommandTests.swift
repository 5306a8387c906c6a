import Foundation
import Testing
import _TestSupport

/// `tagger` as a user runs it: train a tiny entity model, annotate, evaluate, convert, and the errors.
@Suite struct TaggerCommandTests {
    static let names = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald"]
    static let places = ["Paris", "London", "Berlin", "Tokyo", "Lima"]
    static let companies = ["Acme", "Initech", "Globex", "Hooli"]

    /// "NAME works at COMPANY in PLACE ." sentences in BIO, as a CoNLL file.
    static func data(_ count: Int, offset: Int) -> String {
        (0..<count).map { i in
            let j = i + offset
            return "\(names[j % names.count])\tB-PER\nworks\tO\nat\tO\n\(companies[(j / 2) % companies.count])\tB-ORG\nin\tO\n"
                + "\(places[(j / 3) % places.count])\tB-LOC\n.\tO\n\n"
        }.joined()
    }

    static let trained: (directory: URL, model: String, stderr: String, status: Int32) = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quill-tagger-cli-\(UUID())")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try! Data(data(200, offset: 0).utf8).write(to: directory.appendingPathComponent("train.conll"))
        try! Data(data(30, offset: 7).utf8).write(to: directory.appendingPathComponent("dev.conll"))
        let result = try! ToolRunner.run("tagger", ["train", "--train", "train.conll", "--dev", "dev.conll", "--word-embedding", "16",
                                                   "--char-embedding", "8", "--char-hidden", "8", "--hidden", "16", "--dropout", "0.1",
                                                   "--batch", "8", "--epochs", "5", "--lr", "0.01", "--seed", "2", "--out", "ner.quill"],
                                         in: directory)
        return (directory, directory.appendingPathComponent("ner.quill").path, result.standardError, result.status)
    }()

    @Test func trainingReportsEpochsAndWritesTheFilesBesideTheModel() throws {
        let (directory, model, stderr, status) = Self.trained
        #expect(status == 0 && FileManager.default.fileExists(atPath: model), "\(stderr)")
        #expect(stderr.contains("(entities, learned in BIOES; files in BIO)"))
        #expect(stderr.contains("epoch 5/5: training loss") && stderr.contains("validation dev F1 "))
        #expect(stderr.contains("done in"))
        for name in ["ner.log.csv", "ner.dev.svg", "ner.checkpoint.quill"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), "\(name)")
        }
    }

    @Test func annotateRawTextKeepsOffsetsAndNamesEntities() throws {
        let text = "Grace works at Hooli in Tokyo.\n\nAda works at Acme in Lima."
        let result = try ToolRunner.run("tagger", ["annotate", "-", "--model", Self.trained.model, "--format", "jsonl"], input: text)
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        let entities = try #require(first["entities"] as? [[String: Any]])
        #expect(entities.map { $0["type"] as? String } == ["PER", "ORG", "LOC"])
        #expect(entities.map { $0["text"] as? String } == ["Grace", "Hooli", "Tokyo"])
        let second = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        let tokens = try #require(second["tokens"] as? [[String: Any]])
        #expect(tokens[0]["start"] as? Int == 32 && tokens[0]["end"] as? Int == 35 && tokens[0]["ner"] as? String == "B-PER")
        // annotate is the default subcommand; inline is the default format for raw text.
        let inline = try ToolRunner.run("tagger", ["--model", Self.trained.model, "--scheme", "bioes"], input: "Alan works at Acme in Paris.")
        #expect(inline.standardOutput == "Alan/S-PER works/O at/O Acme/S-ORG in/O Paris/S-LOC ./O\n")
    }

    @Test func annotateWritesTheSameTextToAnOutputFile() throws {
        let directory = Self.trained.directory
        let text = "Grace works at Hooli in Tokyo.\n\nAda works at Acme in Lima."
        let printed = try ToolRunner.run("tagger", ["annotate", "-", "--model", Self.trained.model, "--format", "conllu"], input: text)
        let written = try ToolRunner.run("tagger", ["annotate", "-", "--model", Self.trained.model, "--format", "conllu",
                                                    "--output", "annotated.conllu"], input: text, in: directory)
        #expect(written.status == 0 && written.standardOutput.isEmpty && written.standardError.isEmpty, "\(written.standardError)")
        #expect(try String(contentsOf: directory.appendingPathComponent("annotated.conllu"), encoding: .utf8) == printed.standardOutput)
    }

    @Test func annotatePretokenizedCoNLLWithHypotheses() throws {
        let directory = Self.trained.directory
        let result = try ToolRunner.run("tagger", ["annotate", "dev.conll", "--pretokenized", "--model", Self.trained.model,
                                                   "--hypotheses", "2"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        let firstLine = try #require(result.standardOutput.split(separator: "\n").first)
        let columns = firstLine.split(separator: "\t")
        #expect(columns.count == 3 && columns[1] == "B-PER" && columns[2].hasPrefix("B-PER:"))
    }

    @Test func evaluatePrintsConllevalsReportAndNamesUnknownTags() throws {
        let directory = Self.trained.directory
        let result = try ToolRunner.run("tagger", ["evaluate", "--model", Self.trained.model, "--gold", "dev.conll"], in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("processed 210 tokens with 90 phrases; found: "))
        #expect(result.standardOutput.contains("\n              LOC: precision: 100.00%; recall: 100.00%; FB1: 100.00  30\n"))
        let gold = Self.data(3, offset: 0).replacingOccurrences(of: "B-LOC", with: "B-MISC")
        try Data(gold.utf8).write(to: directory.appendingPathComponent("misc.conll"))
        let json = try ToolRunner.run("tagger", ["evaluate", "--model", Self.trained.model, "--gold", "misc.conll", "--json"], in: directory)
        #expect(json.standardError.contains("misc.conll: 1 tag the model never saw in training: B-MISC (scored as errors)."))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        #expect(object["unknown_tags"] as? [String] == ["B-MISC"] && object["tokens"] as? Int == 21)
    }

    @Test func convertRewritesSchemes() throws {
        let directory = Self.trained.directory
        try Data("New\tB-LOC\nYork\tI-LOC\nis\tO\nbig\tO\n\n".utf8).write(to: directory.appendingPathComponent("bio.conll"))
        let result = try ToolRunner.run("tagger", ["convert", "bio.conll", "--to", "bioes"], in: directory)
        #expect(result.status == 0 && result.standardOutput == "New\tB-LOC\nYork\tE-LOC\nis\tO\nbig\tO\n\n", "\(result.standardError)")
    }

    /// "NAME works at COMPANY in PLACE ." as CoNLL-U with UPOS and XPOS.
    static func conllu(_ count: Int, offset: Int) -> String {
        (0..<count).map { i in
            let j = i + offset
            let words = [(names[j % names.count], "PROPN", "NNP"), ("works", "VERB", "VBZ"), ("at", "ADP", "IN"),
                         (companies[(j / 2) % companies.count], "PROPN", "NNP"), ("in", "ADP", "IN"),
                         (places[(j / 3) % places.count], "PROPN", "NNP"), (".", "PUNCT", ".")]
            return words.enumerated().map { n, word in
                "\(n + 1)\t\(word.0)\t_\t\(word.1)\t\(word.2)\t_\t_\t_\t_\t_\n"
            }.joined() + "\n"
        }.joined()
    }

    /// A part-of-speech model trained with `--auxiliary-column xpos`: the start line and the dev
    /// score name it, `annotate --format conllu` fills XPOS with it (other formats show the main
    /// tags only), and `evaluate` scores it under the main line when the gold file has XPOS.
    @Test func anAuxiliaryXPOSOutputIsAnnotatedAndScored() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quill-tagger-auxiliary-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try Data(Self.conllu(200, offset: 0).utf8).write(to: directory.appendingPathComponent("train.conllu"))
        try Data(Self.conllu(30, offset: 7).utf8).write(to: directory.appendingPathComponent("dev.conllu"))
        let trained = try ToolRunner.run("tagger", ["train", "--train", "train.conllu", "--dev", "dev.conllu", "--auxiliary-column", "xpos",
                                                    "--word-embedding", "16", "--char-embedding", "8", "--char-hidden", "8", "--hidden", "16",
                                                    "--dropout", "0.1", "--batch", "8", "--epochs", "5", "--lr", "0.01", "--seed", "2",
                                                    "--out", "pos.quill"], in: directory)
        #expect(trained.status == 0, "\(trained.standardError)")
        #expect(trained.standardError.contains("4 tags, and 4 auxiliary XPOS tags (loss weight 1.0); batches of 8"), "\(trained.standardError)")
        #expect(trained.standardError.contains(", XPOS accuracy 100.00%"), "\(trained.standardError)")

        let text = "Grace works at Hooli in Tokyo."
        let conllu = try ToolRunner.run("tagger", ["annotate", "-", "--model", "pos.quill", "--format", "conllu"], input: text, in: directory)
        #expect(conllu.status == 0, "\(conllu.standardError)")
        let rows = conllu.standardOutput.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { $0.split(separator: "\t") }
        #expect(rows.map { String($0[3]) } == ["PROPN", "VERB", "ADP", "PROPN", "ADP", "PROPN", "PUNCT"])
        #expect(rows.map { String($0[4]) } == ["NNP", "VBZ", "IN", "NNP", "IN", "NNP", "."])
        let inline = try ToolRunner.run("tagger", ["annotate", "-", "--model", "pos.quill"], input: text, in: directory)
        #expect(inline.standardOutput == "Grace/PROPN works/VERB at/ADP Hooli/PROPN in/ADP Tokyo/PROPN ./PUNCT\n")

        let evaluated = try ToolRunner.run("tagger", ["evaluate", "--model", "pos.quill", "--gold", "dev.conllu"], in: directory)
        #expect(evaluated.status == 0, "\(evaluated.standardError)")
        #expect(evaluated.standardOutput == "accuracy: 100.00% (210 of 210 tokens in 30 sentences)\nXPOS accuracy: 100.00% (210 of 210 tokens)\n")
        let json = try ToolRunner.run("tagger", ["evaluate", "--model", "pos.quill", "--gold", "dev.conllu", "--json"], in: directory)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [String: Any])
        let auxiliary = try #require(object["auxiliary"] as? [String: Any])
        #expect(auxiliary["column"] as? String == "xpos" && auxiliary["tokens"] as? Int == 210 && auxiliary["correct"] as? Int == 210)

        // Gold without XPOS: the main score alone.
        let noXPOS = Self.conllu(3, offset: 0).split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var columns = line.split(separator: "\t", omittingEmptySubsequences: false)
            if columns.count == 10 { columns[4] = "_" }
            return columns.joined(separator: "\t")
        }.joined(separator: "\n")
        try Data(noXPOS.utf8).write(to: directory.appendingPathComponent("upos-only.conllu"))
        let uposOnly = try ToolRunner.run("tagger", ["evaluate", "--model", "pos.quill", "--gold", "upos-only.conllu"], in: directory)
        #expect(uposOnly.status == 0 && uposOnly.standardOutput == "accuracy: 100.00% (21 of 21 tokens in 3 sentences)\n",
                "\(uposOnly.standardOutput)\(uposOnly.standardError)")
    }

    @Test func badInputIsOneLineNamingTheFile() throws {
        let directory = Self.trained.directory
        try Data("Ada\tB-PER\n".utf8).write(to: directory.appendingPathComponent("good.conll"))
        try Data("1\tAda\tPROPN\n".utf8).write(to: directory.appendingPathComponent("bad.conllu"))
        let malformed = try ToolRunner.run("tagger", ["train", "--train", "bad.conllu", "--dev", "good.conll", "--out", "x.quill"], in: directory)
        #expect(malformed.status == 1)
        #expect(malformed.standardError.hasPrefix("error: bad.conllu:1: "), "\(malformed.standardError)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("x.quill").path))

        try Data().write(to: directory.appendingPathComponent("empty.txt"))
        let empty = try ToolRunner.run("tagger", ["annotate", "empty.txt", "--model", Self.trained.model], in: directory)
        #expect(empty.status == 0 && empty.standardOutput.isEmpty && empty.standardError.isEmpty)

        try Data([0x41, 0xFF, 0x0A]).write(to: directory.appendingPathComponent("binary.txt"))
        let binary = try ToolRunner.run("tagger", ["annotate", "binary.txt", "--model", Self.trained.model], in: directory)
        #expect(binary.status == 1 && binary.standardError.hasPrefix("error: binary.txt:1: invalid UTF-8"), "\(binary.standardError)")

        let missing = try ToolRunner.run("tagger", ["annotate", "--model", "no-such-model"], input: "hi",
                                         environment: ["QUILL_MODELS": directory.path])
        #expect(missing.status == 1 && missing.standardError.contains("no shipped 'no-such-model' model found"))

        let notAModel = try ToolRunner.run("tagger", ["annotate", "--model", "good.conll"], input: "hi", in: directory)
        #expect(notAModel.status == 1 && notAModel.standardError.hasPrefix("error: good.conll: "), "\(notAModel.standardError)")

        let usage = try ToolRunner.run("tagger", ["annotate", "--scheme", "xyz"], input: "hi")
        #expect(usage.status == 2 && usage.standardError.contains("--scheme must be bio, bioes or iob1"))
    }
}
