import Foundation
import Testing
import _TestSupport

/// `autocomplete` as a user runs it: train a tiny model, ask for suggestions through a pipe,
/// evaluate, and the errors.
@Suite struct AutocompleteCommandTests {
    static let subjects = ["I", "We", "They", "You"]
    static let verbs = ["would like to", "want to", "need to"]
    static let places = ["go home", "see the sea", "eat pasta", "read a book"]

    static func text(_ count: Int, offset: Int) -> String {
        (0..<count).map { i in
            let j = i + offset
            return "\(subjects[j % subjects.count]) \(verbs[(j / 4) % verbs.count]) \(places[(j / 3) % places.count]).\n\n"
        }.joined()
    }

    static let trained: (directory: URL, model: String, stderr: String, status: Int32) = {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quill-autocomplete-cli-\(UUID())")
        try! FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try! Data(text(400, offset: 0).utf8).write(to: directory.appendingPathComponent("train.txt"))
        try! Data(text(40, offset: 5).utf8).write(to: directory.appendingPathComponent("dev.txt"))
        let result = try! ToolRunner.run("autocomplete", ["train", "--corpus", "train.txt", "--validation", "dev.txt",
                                                         "--hidden", "24", "--embedding", "16", "--seq-length", "10",
                                                         "--batch", "8", "--epochs", "4", "--lr", "0.01", "--seed", "3",
                                                         "--threads", "1", "--out", "words.quill"],
                                         in: directory)
        return (directory, directory.appendingPathComponent("words.quill").path, result.standardError, result.status)
    }()

    @Test func trainingReportsPerplexityAndWritesTheFilesBesideTheModel() throws {
        let (directory, model, stderr, status) = Self.trained
        #expect(status == 0 && FileManager.default.fileExists(atPath: model), "\(stderr)")
        #expect(stderr.contains("training 1x24 GRU (embedding 16, tied output"), "\(stderr)")
        #expect(stderr.contains("epoch 4/4: training loss") && stderr.contains("validation perplexity "), "\(stderr)")
        for name in ["words.log.csv", "words.perplexity.svg", "words.checkpoint.quill"] {
            #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent(name).path), "\(name)")
        }
    }

    /// Piped: one JSON object per line, completions of the last word and the next words.
    @Test func pipedLinesGetJSONSuggestions() throws {
        let directory = Self.trained.directory
        let result = try ToolRunner.run("autocomplete", ["--model", Self.trained.model, "--private", "--personal", "p.json"],
                                        input: "We would li\nThey want to \n\n", in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        struct Answer: Decodable { var line: String; var completions: [String]; var predictions: [String] }
        let answers = try lines.map { try JSONDecoder().decode(Answer.self, from: Data($0.utf8)) }
        #expect(answers[0].line == "We would li" && answers[0].completions.first == "like")
        #expect(answers[0].predictions.first == "to")   // after "We would li " the model has seen "like to"...
        #expect(answers[1].completions.isEmpty && answers[1].predictions.count == 3)
        #expect(answers[2].completions.isEmpty && answers[2].predictions.allSatisfy { $0.first!.isUppercase })
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("p.json").path))
    }

    /// `learn`: the user's own texts go into the personal model (saved after each file, so a
    /// missing file keeps the ones before), and the suggestions then offer their words.
    @Test func learnTeachesThePersonalModelFromFiles() throws {
        let directory = Self.trained.directory.appendingPathComponent("learn-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try Data("Zanzibar is where we would like to go.\n\nWe would like to see Zanzibar again.\n".utf8)
            .write(to: directory.appendingPathComponent("letters.txt"))
        try Data("They want to eat zucchini.\n".utf8).write(to: directory.appendingPathComponent("notes.txt"))

        let learned = try ToolRunner.run("autocomplete", ["learn", "letters.txt", "notes.txt", "--personal", "me.json"], in: directory)
        #expect(learned.status == 0, "\(learned.standardError)")
        #expect(learned.standardError.contains("learned 15 words from letters.txt\nlearned 5 words from notes.txt\n"), "\(learned.standardError)")
        #expect(learned.standardError.hasSuffix("personal model: 14 words, 17 word pairs in me.json\n"), "\(learned.standardError)")
        let file = directory.appendingPathComponent("me.json")
        let saved = try String(contentsOf: file, encoding: .utf8)
        #expect(saved.contains(#""zanzibar":{"count":2,"display":"Zanzibar"}"#), "\(saved)")

        let piped = try ToolRunner.run("autocomplete", ["--model", Self.trained.model, "--personal", "me.json"],
                                       input: "We would like to see Zan\n", in: directory)
        #expect(piped.status == 0, "\(piped.standardError)")
        #expect(piped.standardOutput.contains(#""completions":["Zanzibar""#), "\(piped.standardOutput)")
        #expect(try String(contentsOf: file, encoding: .utf8) == saved)   // piped lines are not learned

        let missing = try ToolRunner.run("autocomplete", ["learn", "notes.txt", "missing.txt", "--personal", "part.json"], in: directory)
        #expect(missing.status == 1 && missing.standardError.contains("error: missing.txt"), "\(missing.standardError)")
        #expect(try String(contentsOf: directory.appendingPathComponent("part.json"), encoding: .utf8).contains("zucchini"))
    }

    /// The shipped model answers scripted lines exactly as recorded (regenerate the golden file
    /// with the command in Tests/CLITests/Goldens/README.md when the model is retrained).
    @Test func theShippedModelMatchesItsGoldenAnswers() throws {
        let goldens = SharedData.repositoryRoot.appendingPathComponent("Tests/CLITests/Goldens")
        let input = try String(contentsOf: goldens.appendingPathComponent("autocomplete-en.input.txt"), encoding: .utf8)
        let expected = try String(contentsOf: goldens.appendingPathComponent("autocomplete-en.jsonl"), encoding: .utf8)
        let result = try ToolRunner.run("autocomplete", ["--model", SharedData.repositoryRoot.appendingPathComponent("Models/autocomplete-en.quill").path,
                                                         "--private"], input: input)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput == expected)
    }

    @Test func evaluateReportsKeystrokeSavingsAndAccuracy() throws {
        let directory = Self.trained.directory
        let result = try ToolRunner.run("autocomplete", ["evaluate", "--model", Self.trained.model, "--text", "dev.txt", "--json"],
                                        in: directory)
        #expect(result.status == 0, "\(result.standardError)")
        struct Report: Decodable { var sentences: Int; var keystrokes: Int; var characters: Int; var top3: Int; var perplexity: Double }
        let report = try JSONDecoder().decode(Report.self, from: Data(result.standardOutput.utf8))
        #expect(report.sentences == 40)
        #expect(report.keystrokes < report.characters / 2, "a regular text saves more than half the keys: \(report)")
        #expect(report.perplexity > 1 && report.perplexity < 10)
        let text = try ToolRunner.run("autocomplete", ["evaluate", "--model", Self.trained.model, "--text", "dev.txt"], in: directory)
        #expect(text.standardOutput.contains("keystroke savings (3 suggestions): "))
        #expect(text.standardOutput.contains("latency per keystroke: median "))
    }

    @Test func badInputIsOneLineNamingTheFile() throws {
        let directory = Self.trained.directory
        try Data([0x41, 0xFF, 0x0A]).write(to: directory.appendingPathComponent("binary.txt"))
        let binary = try ToolRunner.run("autocomplete", ["train", "--corpus", "binary.txt", "--out", "b.quill"], in: directory)
        #expect(binary.status == 1 && binary.standardError.hasPrefix("error: binary.txt:1: invalid UTF-8"), "\(binary.standardError)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("b.quill").path))

        let missing = try ToolRunner.run("autocomplete", ["train", "--corpus", "nothing.txt", "--out", "b.quill"], in: directory)
        #expect(missing.status == 1 && missing.standardError.hasPrefix("error: nothing.txt"), "\(missing.standardError)")

        try Data().write(to: directory.appendingPathComponent("empty.txt"))
        let empty = try ToolRunner.run("autocomplete", ["train", "--corpus", "empty.txt", "--out", "b.quill"], in: directory)
        #expect(empty.status == 1 && empty.standardError.contains("empty.txt: no words found"), "\(empty.standardError)")

        let wrongKind = try ToolRunner.run("autocomplete", ["--model", "words.checkpoint.quill"], input: "hi\n", in: directory)
        #expect(wrongKind.status == 1 && wrongKind.standardError.hasPrefix("error: words.checkpoint.quill: "), "\(wrongKind.standardError)")

        let noModel = try ToolRunner.run("autocomplete", [], input: "hi\n", in: directory,
                                         environment: ["QUILL_MODELS": directory.path])
        #expect(noModel.status == 1 || noModel.status == 0)   // the repository's own model may be found beside the executable

        try Data("{not json".utf8).write(to: directory.appendingPathComponent("corrupt.json"))
        let corrupt = try ToolRunner.run("autocomplete", ["--model", Self.trained.model, "--personal", "corrupt.json"], input: "hi\n", in: directory)
        #expect(corrupt.status == 1 && corrupt.standardError.hasPrefix("error: corrupt.json: not a personal model file"), "\(corrupt.standardError)")
        #expect(try String(contentsOf: directory.appendingPathComponent("corrupt.json"), encoding: .utf8) == "{not json")

        let unwritable = try ToolRunner.run("autocomplete", ["train", "--corpus", "train.txt", "--out", "/proc/x/y.quill"], in: directory)
        #expect(unwritable.status == 1 && unwritable.standardError.contains("cannot write the model there"), "\(unwritable.standardError)")

        let usage = try ToolRunner.run("autocomplete", ["--suggestions", "0"], input: "hi\n")
        #expect(usage.status == 2 && usage.standardError.contains("--suggestions must be between 1 and 9"))
    }
}

/// The REPL in a real terminal (tmux): suggestions shown as keys arrive, Tab and Alt-n accept,
/// Enter learns, :forget removes from the file, private mode writes nothing, Ctrl-C leaves.
@Suite(.enabled(if: TmuxDriver.isAvailable, "tmux is not installed"))
struct AutocompleteREPLTests {
    @Test func typingAcceptingLearningAndForgetting() throws {
        let directory = AutocompleteCommandTests.trained.directory.appendingPathComponent("repl-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let personal = directory.appendingPathComponent("quill/autocomplete/personal.json")
        let tool = ToolRunner.productsDirectory.appendingPathComponent("autocomplete").path
        let tmux = try TmuxDriver(command: ["/usr/bin/env", "XDG_DATA_HOME=\(directory.path)", tool,
                                           "--model", AutocompleteCommandTests.trained.model],
                                  width: 80, height: 12)
        defer { tmux.kill() }
        try tmux.waitFor("Tab accepts")
        try tmux.sendText("We would li")
        var screen = try tmux.waitFor("1 like")
        #expect(screen.contains("> We would li\n"))
        // Editing: Ctrl-W takes the partial word, UTF-8 goes in and Backspace takes one
        // character of it, Ctrl-U empties the line (the strip then offers sentence starts).
        try tmux.sendKeys("C-w")
        try tmux.waitFor("> We would\n")
        try tmux.sendText("naïve")
        try tmux.waitFor("> We would naïve\n")
        try tmux.sendKeys("BSpace", "BSpace")
        try tmux.waitFor("> We would naï\n")
        try tmux.sendKeys("C-u")
        screen = try tmux.waitUntil("an empty line with capitalised next words") { screen in
            screen.split(separator: "\n").contains(">") && (screen.contains("1 I") || screen.contains("1 We") || screen.contains("1 They") || screen.contains("1 You"))
        }
        try tmux.sendText("We would li")
        try tmux.waitFor("1 like")
        try tmux.sendKeys("Tab")
        // (capture-pane drops trailing spaces: "> We would like " reads "> We would like")
        screen = try tmux.waitFor("1 to")               // after "like ", the next word
        #expect(screen.contains("> We would like\n"))
        try tmux.sendKeys("M-1")
        try tmux.waitFor("> We would like to\n")
        try tmux.sendText("eat pasta")
        try tmux.sendKeys("Enter")
        screen = try tmux.waitUntil("the line printed above a new, empty prompt") { screen in
            screen.contains("We would like to eat pasta") && screen.split(separator: "\n").contains(">")
        }
        let learned = try String(contentsOf: personal, encoding: .utf8)
        #expect(learned.contains("pasta"))

        try tmux.sendText(":forget pasta")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("forgot \"pasta\"")
        #expect(!(try String(contentsOf: personal, encoding: .utf8)).contains("pasta"))

        try tmux.sendText(":private on")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("(private)")
        try tmux.sendText("we eat zanzibar")
        try tmux.sendKeys("Enter")
        try tmux.sendText(":stats")
        try tmux.sendKeys("Enter")
        try tmux.waitFor("private mode: on")
        #expect(!(try String(contentsOf: personal, encoding: .utf8)).contains("zanzibar"))
        try tmux.sendKeys("C-c")
        #expect(try tmux.waitForExit() == 0)
    }
}
