import Foundation
import Testing
import _TestSupport

/// Issue 7's bad-input matrix, for textgen, tagger and autocomplete: every input a subcommand
/// reads (corpora, dev and gold files, texts to annotate or measure, models, checkpoints, the
/// personal file) and every output it writes, given what goes wrong in real use: a missing file, a
/// directory, an empty file, invalid UTF-8, binary garbage, a truncated model, a model of another
/// kind or of a newer format, an output folder that is missing, a file, a directory or `/proc`.
///
/// Each cell runs in a fresh working directory that already holds an output of every name the
/// tools write (`out.quill`, its checkpoint, log and plots, `out.txt`), and expects status 1 (2
/// for usage), one line on standard error, `error: FILE[:LINE]: problem`, nothing on standard
/// output, and the directory exactly as it was: no new file, no temporary file, every old output
/// byte for byte.
@Suite struct BadInputMatrixTests {
    @Test(arguments: MatrixCell.all)
    func badInputIsOneClearErrorAndChangesNothing(_ cell: MatrixCell) throws {
        let directory = try MatrixInputs.workingDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = MatrixInputs.snapshot(directory)
        let result = try ToolRunner.run(cell.tool, cell.arguments, in: directory, timeout: 60)
        #expect(result.status == cell.status, "\(result.standardError)")
        expectNoCrash(result)
        if cell.status == 2 {
            // Usage errors: argument parser's "Error: ..." and the usage lines.
            #expect(result.standardError.hasPrefix("Error: ") && result.standardError.contains(cell.message),
                    "\(result.standardError)")
        } else {
            let lines = result.standardError.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            #expect(lines.count == 1, "\(result.standardError)")
            #expect(result.standardError.hasPrefix(cell.message), "\(result.standardError)")
            if let phrase = cell.mentioning { #expect(result.standardError.contains(phrase), "\(result.standardError)") }
        }
        #expect(result.standardOutput.isEmpty)
        #expect(MatrixInputs.snapshot(directory) == before, "files added, removed or changed")
    }

    /// Inputs that are odd but valid: the tool does its work, says nothing, and leaves no files.
    @Test(arguments: [
        ("tagger", ["annotate", "in/empty.txt", "--model", "in/tagger.quill"]),
        ("tagger", ["convert", "in/empty.conll"]),
        ("textgen", ["sample", "--model", "in/textgen.quill", "--prime-file", "in/empty.txt", "--length", "5", "--seed", "1"]),
        ("autocomplete", ["--model", "in/autocomplete.quill", "--personal", "in/missing.json"]),
    ])
    func oddButValidInputWorks(_ tool: String, _ arguments: [String]) throws {
        let directory = try MatrixInputs.workingDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let before = MatrixInputs.snapshot(directory)
        let result = try ToolRunner.run(tool, arguments, input: "", in: directory, timeout: 60)
        #expect(result.status == 0 && result.standardError.isEmpty, "\(result.standardError)")
        #expect(MatrixInputs.snapshot(directory) == before)
    }

    /// A single 10 MiB line without a line feed (``MatrixInputs/longLine(_:)``). Every tool reads
    /// it in bounded time and answers, as for the same text in short lines.
    @Test(arguments: [
        ("textgen", ["evaluate", "--model", "in/textgen-tiny.quill", "--text", "long.txt"], false),
        ("tagger", ["annotate", "long.txt", "--model", "in/tagger.quill", "--format", "jsonl"], false),
        ("tagger", ["evaluate", "--model", "in/tagger.quill", "--gold", "long.conll"], false),
        ("autocomplete", ["evaluate", "--model", "in/autocomplete.quill", "--text", "long.txt"], false),
        ("autocomplete", ["--model", "in/autocomplete.quill", "--private"], true),
    ])
    func aTenMegabyteLineIsReadInBoundedTime(_ tool: String, _ arguments: [String], _ piped: Bool) throws {
        let directory = try MatrixInputs.workingDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let name = arguments.contains("long.conll") ? "long.conll" : "long.txt"
        try Data(MatrixInputs.longLine(name)).write(to: directory.appendingPathComponent(name))
        let before = MatrixInputs.snapshot(directory)
        let start = Date()
        let result = try ToolRunner.run(tool, arguments, inputFile: piped ? directory.appendingPathComponent(name) : nil,
                                        in: directory, timeout: 120)
        let seconds = Date().timeIntervalSince(start)
        #expect(result.status == 0, "\(result.standardError.suffix(500))")
        expectNoCrash(result)
        #expect(!result.standardOutput.isEmpty)
        if piped {   // one answer, for the whole line (regression: a line ending at a block's end got none)
            let answers = result.standardOutput.split(separator: "\n")
            #expect(answers.count == 1 && answers[0].utf8.count > MatrixInputs.longLineBytes)
        }
        #expect(seconds < 60, "\(tool) \(arguments.joined(separator: " ")) took \(Int(seconds)) s")
        #expect(MatrixInputs.snapshot(directory) == before)
    }

    /// Ctrl-C after the first checkpoint: status 1, the line that says how to continue, and
    /// `--resume` with that checkpoint finishes the run.
    @Test(arguments: MatrixTraining.all)
    func ctrlCKeepsALoadableCheckpointAndTheRunResumes(_ training: MatrixTraining) throws {
        let directory = try MatrixInputs.workingDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let checkpoint = directory.appendingPathComponent("out.checkpoint.quill")
        try FileManager.default.removeItem(at: checkpoint)   // the old one must not count as the first
        let process = Process()
        process.executableURL = ToolRunner.productsDirectory.appendingPathComponent(training.tool)
        process.arguments = training.arguments + ["--epochs", "500", "--patience", "0", "--out", "out.quill"]
        process.currentDirectoryURL = directory
        let errorFile = directory.appendingPathComponent("stopped.stderr")
        _ = FileManager.default.createFile(atPath: errorFile.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: errorFile)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline, !FileManager.default.fileExists(atPath: checkpoint.path), process.isRunning {
            Thread.sleep(forTimeInterval: 0.01)
        }
        process.interrupt()
        process.waitUntilExit()
        let stderr = try String(contentsOf: errorFile, encoding: .utf8)
        #expect(process.terminationStatus == 1, "\(stderr)")
        #expect(stderr.hasSuffix("continue with: --resume out.checkpoint.quill\n"), "\(stderr)")
        #expect(!stderr.contains("error:"))
        #expect(MatrixInputs.temporaryFiles(in: directory).isEmpty)

        let resumed = try ToolRunner.run(training.tool, training.arguments + ["--epochs", "8", "--patience", "0", "--out", "out.quill",
                                                                              "--resume", "out.checkpoint.quill"],
                                         in: directory, timeout: 120)
        #expect(resumed.status == 0, "\(resumed.standardError)")
        #expect(resumed.standardError.hasPrefix("resuming"), "\(resumed.standardError)")
        #expect(resumed.standardError.contains("epoch 8/8: training loss"), "\(resumed.standardError)")
        try training.expectLoadable(directory.appendingPathComponent("out.quill"))
    }

    private func expectNoCrash(_ result: ToolRunner.Result, sourceLocation: SourceLocation = #_sourceLocation) {
        for sign in ["Fatal error", "Program crashed", "Backtrac", "Illegal instruction", "Segmentation fault"] {
            #expect(!result.standardError.contains(sign), "\(result.standardError.prefix(2000))", sourceLocation: sourceLocation)
        }
    }
}

/// Outputs on a full disk: a 256 KiB tmpfs, filled (by a file that stays) to leave just the
/// space a cell needs. The run fails with status 1 and a last line naming the file and "No space
/// left on device", and leaves no temporary file; what it wrote before the failure is whole, and
/// what was there before is untouched.
@Suite(.enabled(if: SmallDisk.isAvailable, "mounting a tmpfs needs root (CAP_SYS_ADMIN)"))
struct FullDiskTests {
    /// The best model does not fit: nothing is left but what was there.
    @Test(arguments: MatrixTraining.all)
    func aModelThatDoesNotFitLeavesNothingBehind(_ training: MatrixTraining) throws {
        let disk = try SmallDisk()
        defer { disk.unmount() }
        try Data("old model\n".utf8).write(to: disk.directory.appendingPathComponent("out.quill"))
        try disk.fill(leaving: training.modelSize / 2)
        let before = MatrixInputs.snapshot(disk.directory)
        let result = try ToolRunner.run(training.tool, training.arguments + ["--epochs", "1", "--out", "out.quill"],
                                        in: disk.directory, timeout: 120)
        #expect(result.status == 1)
        #expect(result.standardError.hasSuffix("\nerror: out.quill: write failed: No space left on device.\n"), "\(result.standardError)")
        #expect(MatrixInputs.snapshot(disk.directory) == before, "files added, removed or changed")
    }

    /// The model fits, its checkpoint does not: the model is whole and loads, the old checkpoint
    /// is untouched, no temporary file remains.
    @Test(arguments: MatrixTraining.all)
    func aCheckpointThatDoesNotFitKeepsTheOldOne(_ training: MatrixTraining) throws {
        let disk = try SmallDisk()
        defer { disk.unmount() }
        let oldCheckpoint = Data("old checkpoint\n".utf8)
        let checkpoint = disk.directory.appendingPathComponent("out.checkpoint.quill")
        try oldCheckpoint.write(to: checkpoint)
        try disk.fill(leaving: training.modelSize + training.checkpointSize / 2)
        let result = try ToolRunner.run(training.tool, training.arguments + ["--epochs", "1", "--out", "out.quill"],
                                        in: disk.directory, timeout: 120)
        #expect(result.status == 1)
        #expect(result.standardError.hasSuffix("\nerror: out.checkpoint.quill: write failed: No space left on device.\n"),
                "\(result.standardError)")
        #expect(try Data(contentsOf: checkpoint) == oldCheckpoint)
        #expect(MatrixInputs.temporaryFiles(in: disk.directory).isEmpty)
        try training.expectLoadable(disk.directory.appendingPathComponent("out.quill"))
    }

    /// A resumed run that meets a full disk keeps the checkpoint it started from (and the model
    /// and log beside it); once there is room again, the same checkpoint resumes.
    @Test(arguments: MatrixTraining.all)
    func aResumedRunOnAFullDiskKeepsItsCheckpoint(_ training: MatrixTraining) throws {
        let disk = try SmallDisk(size: 1024 * 1024)
        defer { disk.unmount() }
        let first = try ToolRunner.run(training.tool, training.arguments + ["--epochs", "1", "--patience", "0", "--out", "out.quill"],
                                       in: disk.directory, timeout: 120)
        try #require(first.status == 0, "\(first.standardError)")
        let kept = MatrixInputs.snapshot(disk.directory)
        let filler = try disk.fill(leaving: 0)
        let resumeArguments = training.arguments + ["--epochs", "3", "--patience", "0", "--out", "out.quill", "--resume", "out.checkpoint.quill"]
        let full = try ToolRunner.run(training.tool, resumeArguments, in: disk.directory, timeout: 120)
        #expect(full.status == 1)
        let last = full.standardError.split(separator: "\n").last ?? ""
        #expect(last.hasPrefix("error: out.") && last.contains("No space left on device"), "\(full.standardError)")
        try disk.remove(filler)
        #expect(MatrixInputs.snapshot(disk.directory) == kept, "files added, removed or changed")
        let resumed = try ToolRunner.run(training.tool, resumeArguments, in: disk.directory, timeout: 120)
        #expect(resumed.status == 0 && resumed.standardError.hasPrefix("resuming"), "\(resumed.standardError)")
    }

    /// Files other than models: written whole or not at all, the old one kept.
    @Test(arguments: [
        ("tagger", ["evaluate", "--model", "MODELS/tagger.quill", "--gold", "MODELS/dev.conll", "--predictions", "out.txt"]),
        ("tagger", ["annotate", "MODELS/train.txt", "--model", "MODELS/tagger.quill", "--output", "out.txt"]),
    ])
    func anOutputFileThatDoesNotFitKeepsTheOldOne(_ tool: String, _ arguments: [String]) throws {
        let disk = try SmallDisk()
        defer { disk.unmount() }
        try Data("old output\n".utf8).write(to: disk.directory.appendingPathComponent("out.txt"))
        try disk.fill(leaving: 0)
        let before = MatrixInputs.snapshot(disk.directory)
        let result = try ToolRunner.run(tool, MatrixInputs.resolving(arguments), in: disk.directory, timeout: 120)
        #expect(result.status == 1)
        #expect(result.standardError.split(separator: "\n").last == "error: out.txt: write failed: No space left on device",
                "\(result.standardError)")
        #expect(MatrixInputs.snapshot(disk.directory) == before, "files added, removed or changed")
    }

    /// Standard output sent to a full disk (`> file`): status 1 and a message, never a silent
    /// exit 0 with the output cut short.
    @Test(arguments: [
        ("textgen", ["sample", "--model", "MODELS/textgen.quill", "--length", "20000", "--seed", "1"], nil as String?),
        ("tagger", ["annotate", "MODELS/train.txt", "--model", "MODELS/tagger.quill"], nil),
        ("tagger", ["evaluate", "--model", "MODELS/tagger.quill", "--gold", "MODELS/dev.conll"], nil),
        ("autocomplete", ["--model", "MODELS/autocomplete.quill", "--private"], "We would like to\n"),
    ])
    func standardOutputOnAFullDiskIsAnError(_ tool: String, _ arguments: [String], _ input: String?) throws {
        let disk = try SmallDisk()
        defer { disk.unmount() }
        let output = disk.directory.appendingPathComponent("stdout.txt")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        try disk.fill(leaving: 0)
        let result = try ToolRunner.run(tool, MatrixInputs.resolving(arguments), input: input, outputFile: output,
                                        in: disk.directory, timeout: 120)
        #expect(result.status == 1)
        #expect(result.standardError.split(separator: "\n").last == "error: standard output: No space left on device",
                "\(result.standardError)")
    }
}

// MARK: - The cells

/// One cell of the matrix: a tool, its arguments (inputs under `in/`, outputs named `out.*` in
/// the working directory) and the start of the message expected.
struct MatrixCell: Sendable, CustomTestStringConvertible {
    let tool: String
    let problem: String
    let arguments: [String]
    /// What standard error starts with (for usage errors: a phrase it holds).
    let message: String
    /// A phrase the message must also hold, where its start does not show the problem.
    var mentioning: String?
    var status: Int32 = 1

    var testDescription: String { "\(tool) \(arguments.joined(separator: " ")): \(problem)" }

    static let tools = ["textgen", "tagger", "autocomplete"]

    /// The model-file cells for `tool`, the model given by `arguments(path)`.
    static func models(_ tool: String, _ arguments: (String) -> [String]) -> [MatrixCell] {
        let other = tool == "tagger" ? "textgen" : "tagger"
        return [
            MatrixCell(tool: tool, problem: "missing model", arguments: arguments("in/missing.quill"),
                       message: "error: in/missing.quill: cannot open the file: No such file or directory."),
            MatrixCell(tool: tool, problem: "directory as model", arguments: arguments("in/folder"),
                       message: "error: in/folder: cannot read the file: it is a directory."),
            MatrixCell(tool: tool, problem: "empty model", arguments: arguments("in/empty.txt"),
                       message: "error: in/empty.txt: the file is 0 bytes long, shorter than the 8-byte header length"),
            MatrixCell(tool: tool, problem: "text as model", arguments: arguments("in/latin1.txt"),
                       message: "error: in/latin1.txt: the header length field says", mentioning: "not a safetensors file"),
            MatrixCell(tool: tool, problem: "binary garbage as model", arguments: arguments("in/garbage.bin"),
                       message: "error: in/garbage.bin: the header length field says", mentioning: "not a safetensors file"),
            MatrixCell(tool: tool, problem: "truncated model", arguments: arguments("in/\(tool)-half.quill"),
                       message: "error: in/\(tool)-half.quill: tensor '", mentioning: "the file is truncated"),
            MatrixCell(tool: tool, problem: "model of the wrong kind", arguments: arguments("in/\(other).quill"),
                       message: "error: in/\(other).quill: this is a '\(other)' model, but '\(tool)' is needed here."),
            MatrixCell(tool: tool, problem: "checkpoint as model", arguments: arguments("in/\(tool).checkpoint.quill"),
                       message: "error: in/\(tool).checkpoint.quill: this is \(article(tool)) '\(tool)-checkpoint' model, but '\(tool)' is needed here."),
            MatrixCell(tool: tool, problem: "newer format version", arguments: arguments("in/\(tool)-v2.quill"),
                       message: "error: in/\(tool)-v2.quill: model format version 2 is newer than this Quill reads (up to 1); update Quill to load it."),
        ]
    }

    static func article(_ word: String) -> String { "aeiou".contains(word.first!) ? "an" : "a" }

    /// The checkpoint cells for `tool`'s `--resume`.
    static func checkpoints(_ tool: String, _ arguments: (String) -> [String]) -> [MatrixCell] {
        let other = tool == "tagger" ? "autocomplete" : "tagger"
        return [
            MatrixCell(tool: tool, problem: "missing checkpoint", arguments: arguments("in/missing.quill"),
                       message: "error: in/missing.quill: cannot open the file: No such file or directory."),
            MatrixCell(tool: tool, problem: "model as checkpoint", arguments: arguments("in/\(tool).quill"),
                       message: "error: in/\(tool).quill: this is \(article(tool)) '\(tool)' model, but '\(tool)-checkpoint' is needed here."),
            MatrixCell(tool: tool, problem: "checkpoint of another tool", arguments: arguments("in/\(other).checkpoint.quill"),
                       message: "error: in/\(other).checkpoint.quill: this is \(article(other)) '\(other)-checkpoint' model, but '\(tool)-checkpoint' is needed here."),
            MatrixCell(tool: tool, problem: "truncated checkpoint", arguments: arguments("in/\(tool)-half.checkpoint.quill"),
                       message: "error: in/\(tool)-half.checkpoint.quill: tensor '", mentioning: "the file is truncated"),
            MatrixCell(tool: tool, problem: "checkpoint of a newer format", arguments: arguments("in/\(tool)-v2.checkpoint.quill"),
                       message: "error: in/\(tool)-v2.checkpoint.quill: model format version 2 is newer than this Quill reads"),
        ]
    }

    /// The output-path cells of an option writing `what` (`--out` of train: the model).
    static func outputs(_ tool: String, option: String, _ arguments: (String) -> [String]) -> [MatrixCell] {
        let there = option == "--out" ? "cannot write the model there" : "cannot write there"
        return [
            MatrixCell(tool: tool, problem: "directory as output", arguments: arguments("outdir"),
                       message: "error: outdir: \(there) (it is a folder); choose another \(option)."),
            MatrixCell(tool: tool, problem: "output in a missing folder", arguments: arguments("no-such-folder/out.quill"),
                       message: "error: no-such-folder/out.quill: \(there) (the folder no-such-folder does not exist)"),
            MatrixCell(tool: tool, problem: "output under a file", arguments: arguments("out.quill/x.quill"),
                       message: "error: out.quill/x.quill: \(there) (out.quill is not a folder)"),
            MatrixCell(tool: tool, problem: "output where no file can be made", arguments: arguments("/proc/out.quill"),
                       message: "error: /proc/out.quill: \(there) (cannot create a file in /proc: "),
        ]
    }

    /// The text-file cells (missing, a directory, invalid UTF-8, binary garbage) of an input
    /// read as UTF-8 text; `conll`: read line by line as CoNLL (then named `.conll`).
    static func texts(_ tool: String, conll: Bool = false, _ arguments: (String) -> [String]) -> [MatrixCell] {
        let ext = conll ? "conll" : "txt"
        return [
            MatrixCell(tool: tool, problem: "missing file", arguments: arguments("in/missing.\(ext)"),
                       message: "error: in/missing.\(ext): cannot open" + (conll ? " for reading" : "") + ": No such file or directory"),
            MatrixCell(tool: tool, problem: "directory instead of file", arguments: arguments(conll ? "in/folder.conll" : "in/folder"),
                       message: "error: in/folder\(conll ? ".conll" : ""): is a directory, not a text file"),
            MatrixCell(tool: tool, problem: "invalid UTF-8", arguments: arguments("in/latin1.\(ext)"),
                       message: conll ? "error: in/latin1.conll:2: invalid UTF-8 at byte 4 of the line (0xE9)"
                                      : "error: in/latin1.txt:1: invalid UTF-8 at byte 3 (0xE9)"),
            MatrixCell(tool: tool, problem: "binary garbage", arguments: arguments(conll ? "in/garbage.conll" : "in/garbage.bin"),
                       message: conll ? "error: in/garbage.conll:1: invalid UTF-8 at byte 1 of the line (0xFF)"
                                      : "error: in/garbage.bin:1: invalid UTF-8 at byte 0 (0xFF)"),
        ]
    }

    static func empty(_ tool: String, _ file: String, _ arguments: [String], _ message: String) -> MatrixCell {
        MatrixCell(tool: tool, problem: "empty file", arguments: arguments, message: "error: \(file): \(message)")
    }

    static let textgenTrain = ["train", "--cell", "gru", "--layers", "1", "--hidden", "8", "--embedding", "4", "--epochs", "1"]
    static let taggerTrain = ["train", "--word-embedding", "8", "--char-embedding", "0", "--hidden", "8", "--epochs", "1"]
    static let autocompleteTrain = ["train", "--hidden", "8", "--embedding", "4", "--seq-length", "10", "--batch", "8", "--epochs", "1"]

    static let textgen: [MatrixCell] =
        texts("textgen") { textgenTrain + ["--corpus", $0, "--out", "out.quill"] }
        + [empty("textgen", "in/empty.txt", textgenTrain + ["--corpus", "in/empty.txt", "--out", "out.quill"], "the corpus is empty")]
        + texts("textgen") { ["evaluate", "--model", "in/textgen.quill", "--text", $0] }
        + [empty("textgen", "in/empty.txt", ["evaluate", "--model", "in/textgen.quill", "--text", "in/empty.txt"],
                 "the text has fewer than two characters")]
        + texts("textgen") { ["sample", "--model", "in/textgen.quill", "--prime-file", $0] }
        + models("textgen") { ["sample", "--model", $0] }
        + models("textgen") { ["evaluate", "--model", $0, "--text", "in/play.txt"] }.filter { $0.problem == "model of the wrong kind" }
        + checkpoints("textgen") { textgenTrain + ["--corpus", "in/play.txt", "--resume", $0, "--out", "out.quill"] }
        + outputs("textgen", option: "--out") { textgenTrain + ["--corpus", "in/play.txt", "--out", $0] }
        + [MatrixCell(tool: "textgen", problem: "usage: no --out", arguments: ["train", "--corpus", "in/play.txt"],
                      message: "Missing expected argument '--out <file>'", status: 2),
           MatrixCell(tool: "textgen", problem: "usage: --top-p above 1", arguments: ["sample", "--top-p", "2"],
                      message: "--top-p", status: 2)]

    static let tagger: [MatrixCell] =
        texts("tagger", conll: true) { taggerTrain + ["--train", $0, "--dev", "in/dev.conll", "--out", "out.quill"] }
        + [empty("tagger", "in/empty.conll", taggerTrain + ["--train", "in/empty.conll", "--dev", "in/dev.conll", "--out", "out.quill"],
                 "no tagged sentences; a tagger needs at least one.")]
        + texts("tagger", conll: true) { taggerTrain + ["--train", "in/train.conll", "--dev", $0, "--out", "out.quill"] }
        + [empty("tagger", "in/empty.conll", taggerTrain + ["--train", "in/train.conll", "--dev", "in/empty.conll", "--out", "out.quill"],
                 "no tagged sentences; a tagger needs at least one.")]
        + texts("tagger") { ["annotate", $0, "--model", "in/tagger.quill"] }
        + texts("tagger", conll: true) { ["annotate", $0, "--pretokenized", "--model", "in/tagger.quill"] }
        + texts("tagger", conll: true) { ["evaluate", "--model", "in/tagger.quill", "--gold", $0] }
        + [empty("tagger", "in/empty.conll", ["evaluate", "--model", "in/tagger.quill", "--gold", "in/empty.conll"],
                 "no tagged sentences, so there is nothing to score.")]
        + texts("tagger", conll: true) { ["convert", $0, "--to", "bioes"] }
        + models("tagger") { ["annotate", "in/dev.txt", "--model", $0] }
        + models("tagger") { ["evaluate", "--model", $0, "--gold", "in/dev.conll"] }.filter { $0.problem == "model of the wrong kind" }
        + checkpoints("tagger") { taggerTrain + ["--train", "in/train.conll", "--dev", "in/dev.conll", "--resume", $0, "--out", "out.quill"] }
        + outputs("tagger", option: "--out") { taggerTrain + ["--train", "in/train.conll", "--dev", "in/dev.conll", "--out", $0] }
        + outputs("tagger", option: "--predictions") { ["evaluate", "--model", "in/tagger.quill", "--gold", "in/dev.conll", "--predictions", $0] }
        + outputs("tagger", option: "--output") { ["annotate", "in/dev.txt", "--model", "in/tagger.quill", "--output", $0] }
        + [MatrixCell(tool: "tagger", problem: "usage: unknown scheme", arguments: ["annotate", "--scheme", "xyz"],
                      message: "--scheme must be bio, bioes or iob1", status: 2),
           MatrixCell(tool: "tagger", problem: "usage: --average 1",
                      arguments: taggerTrain + ["--train", "in/train.conll", "--dev", "in/dev.conll", "--average", "1", "--out", "out.quill"],
                      message: "--average must be 0 (off) or a decay below 1", status: 2)]
        + auxiliaryColumn

    /// `tagger train --auxiliary-column`: a training token without a tag there, a CoNLL line
    /// without the column, a column that is none, and the usage errors.
    static let auxiliaryColumn: [MatrixCell] = {
        func train(_ file: String, _ options: [String]) -> [String] {
            taggerTrain + ["--train", "in/\(file)", "--dev", "in/\(file)"] + options + ["--out", "out.quill"]
        }
        return [
            MatrixCell(tool: "tagger", problem: "auxiliary tag missing", arguments: train("pos.conllu", ["--auxiliary-column", "xpos"]),
                       message: "error: in/pos.conllu:2: XPOS (column 5) is '_' (no tag); --auxiliary-column needs a tag on every training token"),
            MatrixCell(tool: "tagger", problem: "auxiliary column missing", arguments: train("train.conll", ["--auxiliary-column", "3"]),
                       message: "error: in/train.conll:1: expected at least 3 columns, found 2 (reading --auxiliary-column 3)"),
            MatrixCell(tool: "tagger", problem: "unknown auxiliary column", arguments: train("pos.conllu", ["--auxiliary-column", "xps"]),
                       message: "error: in/pos.conllu: --auxiliary-column xps is not a CoNLL-U column (upos, xpos, or a number 1-10)"),
            MatrixCell(tool: "tagger", problem: "usage: auxiliary column is the tag column",
                       arguments: train("pos.conllu", ["--column", "xpos", "--auxiliary-column", "5"]),
                       message: "--auxiliary-column 5 is the tag column itself", status: 2),
            MatrixCell(tool: "tagger", problem: "usage: --auxiliary-weight 0",
                       arguments: train("pos.conllu", ["--auxiliary-column", "xpos", "--auxiliary-weight", "0"]),
                       message: "--auxiliary-weight must be above 0", status: 2),
            MatrixCell(tool: "tagger", problem: "usage: --auxiliary-weight alone", arguments: train("pos.conllu", ["--auxiliary-weight", "2"]),
                       message: "--auxiliary-weight needs --auxiliary-column", status: 2),
        ]
    }()

    static let autocomplete: [MatrixCell] =
        texts("autocomplete") { autocompleteTrain + ["--corpus", $0, "--out", "out.quill"] }
        + [empty("autocomplete", "in/empty.txt", autocompleteTrain + ["--corpus", "in/empty.txt", "--out", "out.quill"],
                 "no words found; a word model needs text to learn from.")]
        + texts("autocomplete") { autocompleteTrain + ["--corpus", "in/train.txt", "--validation", $0, "--out", "out.quill"] }
        + [empty("autocomplete", "in/empty.txt", autocompleteTrain + ["--corpus", "in/train.txt", "--validation", "in/empty.txt", "--out", "out.quill"],
                 "no words found, so there is no validation text; give --validation files with text.")]
        + texts("autocomplete") { ["evaluate", "--model", "in/autocomplete.quill", "--text", $0] }
        + [empty("autocomplete", "in/empty.txt", ["evaluate", "--model", "in/autocomplete.quill", "--text", "in/empty.txt"],
                 "no words found, so there is nothing to measure.")]
        + models("autocomplete") { ["--model", $0, "--private"] }
        + models("autocomplete") { ["evaluate", "--model", $0, "--text", "in/dev.txt"] }.filter { $0.problem == "model of the wrong kind" }
        + [MatrixCell(tool: "autocomplete", problem: "directory as personal file",
                      arguments: ["--model", "in/autocomplete.quill", "--personal", "in/folder"],
                      message: "error: in/folder: is a directory, not a personal model file."),
           MatrixCell(tool: "autocomplete", problem: "empty personal file",
                      arguments: ["--model", "in/autocomplete.quill", "--personal", "in/empty.txt"],
                      message: "error: in/empty.txt: not a personal model file"),
           MatrixCell(tool: "autocomplete", problem: "invalid UTF-8 as personal file",
                      arguments: ["--model", "in/autocomplete.quill", "--personal", "in/latin1.txt"],
                      message: "error: in/latin1.txt: not a personal model file"),
           MatrixCell(tool: "autocomplete", problem: "binary garbage as personal file",
                      arguments: ["--model", "in/autocomplete.quill", "--personal", "in/garbage.bin"],
                      message: "error: in/garbage.bin: not a personal model file")]
        + checkpoints("autocomplete") { autocompleteTrain + ["--corpus", "in/train.txt", "--resume", $0, "--out", "out.quill"] }
        + outputs("autocomplete", option: "--out") { autocompleteTrain + ["--corpus", "in/train.txt", "--out", $0] }
        + [MatrixCell(tool: "autocomplete", problem: "usage: --suggestions 0", arguments: ["--suggestions", "0"],
                      message: "--suggestions must be between 1 and 9", status: 2)]

    static let all = textgen + tagger + autocomplete
}

/// A `train` command of each tool, as its command-line suite's fixture was trained (so its files
/// have the fixture's sizes), without `--epochs` and `--out`.
struct MatrixTraining: Sendable, CustomTestStringConvertible {
    let tool: String
    let arguments: [String]
    /// The fixture's model and checkpoint sizes in bytes.
    let modelSize: Int
    let checkpointSize: Int

    var testDescription: String { "\(tool) train" }

    static let all: [MatrixTraining] = {
        let inputs = MatrixInputs.directory.path
        func sizes(_ tool: String) -> (Int, Int) {
            func size(_ name: String) -> Int {
                ((try? FileManager.default.attributesOfItem(atPath: "\(inputs)/\(name)"))?[.size] as? Int) ?? 0
            }
            return (size("\(tool).quill"), size("\(tool).checkpoint.quill"))
        }
        let textgen = sizes("textgen"), tagger = sizes("tagger"), autocomplete = sizes("autocomplete")
        return [
            MatrixTraining(tool: "textgen",
                           arguments: ["train", "--corpus", "\(inputs)/play.txt", "--cell", "gru", "--layers", "1", "--hidden", "48",
                                       "--embedding", "16", "--dropout", "0", "--seq-length", "20", "--batch", "8", "--lr", "0.01", "--seed", "3"],
                           modelSize: textgen.0, checkpointSize: textgen.1),
            MatrixTraining(tool: "tagger",
                           arguments: ["train", "--train", "\(inputs)/train.conll", "--dev", "\(inputs)/dev.conll", "--word-embedding", "16",
                                       "--char-embedding", "8", "--char-hidden", "8", "--hidden", "16", "--dropout", "0.1",
                                       "--batch", "8", "--lr", "0.01", "--seed", "2"],
                           modelSize: tagger.0, checkpointSize: tagger.1),
            MatrixTraining(tool: "autocomplete",
                           arguments: ["train", "--corpus", "\(inputs)/train.txt", "--validation", "\(inputs)/dev.txt", "--hidden", "24",
                                       "--embedding", "16", "--seq-length", "10", "--batch", "8", "--lr", "0.01", "--seed", "3",
                                       "--threads", "1"],
                           modelSize: autocomplete.0, checkpointSize: autocomplete.1),
        ]
    }()

    /// Checks that the model file at `model` loads and answers.
    func expectLoadable(_ model: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let arguments: [String] = switch tool {
        case "textgen": ["sample", "--model", model.path, "--length", "3", "--seed", "1"]
        case "tagger": ["annotate", "-", "--model", model.path]
        default: ["--model", model.path, "--private"]
        }
        let result = try ToolRunner.run(tool, arguments, input: "Ada works at Acme.\n", timeout: 60)
        #expect(result.status == 0 && !result.standardOutput.isEmpty, "\(result.standardError)", sourceLocation: sourceLocation)
    }
}

// MARK: - Files

/// The inputs every cell reads, made once from the three command-line suites' trained fixtures,
/// and the working directories the cells run in.
enum MatrixInputs {
    /// The size of `long.txt`: one line, no line feed.
    static let longLineBytes = 10 << 20

    static let directory: URL = {
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("quill-matrix-\(UUID())")
        try! manager.createDirectory(at: directory, withIntermediateDirectories: true)
        func write(_ name: String, _ bytes: some Sequence<UInt8>) {
            try! Data(bytes).write(to: directory.appendingPathComponent(name))
        }
        func copy(_ path: String, _ name: String) {
            try! manager.copyItem(atPath: path, toPath: directory.appendingPathComponent(name).path)
        }
        let textgen = TextgenCommandTests.trained.directory.path, tagger = TaggerCommandTests.trained.directory.path,
            autocomplete = AutocompleteCommandTests.trained.directory.path
        for (tool, folder, stem) in [("textgen", textgen, "play"), ("tagger", tagger, "ner"), ("autocomplete", autocomplete, "words")] {
            for kind in ["", ".checkpoint"] {
                let bytes = try! Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(stem)\(kind).quill"))
                write("\(tool)\(kind).quill", bytes)
                write("\(tool)-half\(kind).quill", bytes.prefix(bytes.count / 2))
                // The version is in the header's metadata; the CRC-32 covers only the data after
                // the header, so the edited file is valid but for its version.
                var edited = Array(bytes)
                guard let range = edited.firstRange(of: Array("\"format_version\":\"1\"".utf8)) else {
                    preconditionFailure("no format_version in \(stem)\(kind).quill")
                }
                edited.replaceSubrange(range, with: Array("\"format_version\":\"2\"".utf8))
                write("\(tool)-v2\(kind).quill", edited)
            }
        }
        copy("\(textgen)/play.txt", "play.txt")
        copy("\(tagger)/train.conll", "train.conll")
        copy("\(tagger)/dev.conll", "dev.conll")
        copy("\(autocomplete)/train.txt", "train.txt")
        copy("\(autocomplete)/dev.txt", "dev.txt")
        write("empty.txt", [])
        write("empty.conll", [])
        write("pos.conllu", Array("1\tAda\tAda\tPROPN\tNNP\t_\t_\t_\t_\t_\n2\tworks\twork\tVERB\t_\t_\t_\t_\t_\t_\n\n".utf8))   // no XPOS on line 2
        write("latin1.txt", Array("caf".utf8) + [0xE9] + Array(" au lait\n".utf8))     // Latin-1, not UTF-8
        write("latin1.conll", Array("Ada\tB-PER\nCaf".utf8) + [0xE9] + Array("\tO\n\n".utf8))
        var state: UInt32 = 7
        let garbage = [0xFF] + (0..<4095).map { _ -> UInt8 in   // a fixed pseudo-random byte string
            state = state &* 1_664_525 &+ 1_013_904_223
            return UInt8(truncatingIfNeeded: state >> 24)
        }
        write("garbage.bin", garbage)
        write("garbage.conll", garbage)
        try! manager.createDirectory(at: directory.appendingPathComponent("folder"), withIntermediateDirectories: false)
        try! manager.createDirectory(at: directory.appendingPathComponent("folder.conll"), withIntermediateDirectories: false)
        // A 4-unit textgen model, for reading 10 MiB in seconds.
        let tiny = try! ToolRunner.run("textgen", ["train", "--corpus", "play.txt", "--cell", "rnn", "--layers", "1", "--hidden", "4",
                                                  "--embedding", "2", "--dropout", "0", "--epochs", "1", "--seed", "1",
                                                  "--out", "textgen-tiny.quill"], in: directory)
        precondition(tiny.status == 0, tiny.standardError)
        return directory
    }()

    /// `long.txt`: one 10 MiB line, a few words then spaces to 1 KiB, over and over; no sentence
    /// end (so it is one paragraph and one sentence too), no line feed. `long.conll`: a CoNLL file
    /// whose third line is a token and its tag with 10 MiB of spaces between them.
    static func longLine(_ name: String) -> [UInt8] {
        if name == "long.conll" {
            return Array("Ada\tB-PER\nworks\tO\nGrace".utf8) + [UInt8](repeating: 0x20, count: longLineBytes)
                + Array("B-PER\n.\tO\n\n".utf8)
        }
        let chunk = Array("Grace works at Hooli in Tokyo".utf8)
        let block = chunk + [UInt8](repeating: 0x20, count: 1024 - chunk.count)
        return Array((0..<(longLineBytes / 1024)).lazy.flatMap { _ in block })
    }

    /// A fresh working directory: `in` (the inputs), and an old file of every output name.
    static func workingDirectory() throws -> URL {
        let manager = FileManager.default
        let work = directory.deletingLastPathComponent().appendingPathComponent("quill-matrix-cell-\(UUID())")
        try manager.createDirectory(at: work, withIntermediateDirectories: false)
        try manager.createSymbolicLink(at: work.appendingPathComponent("in"), withDestinationURL: directory)
        try manager.createDirectory(at: work.appendingPathComponent("outdir"), withIntermediateDirectories: false)
        for name in ["out.quill", "out.checkpoint.quill", "out.log.csv", "out.loss.svg", "out.dev.svg", "out.perplexity.svg", "out.txt"] {
            try Data("old \(name)\n".utf8).write(to: work.appendingPathComponent(name))
        }
        return work
    }

    /// Every entry of `directory` (hidden ones too) with its bytes (nil for a directory).
    static func snapshot(_ directory: URL) -> [String: Data?] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return Dictionary(uniqueKeysWithValues: names.map { ($0, FileManager.default.contents(atPath: directory.appendingPathComponent($0).path)) })
    }

    /// AtomicFile's temporary files (`.NAME.tmp-XXXXXX`) in `directory`.
    static func temporaryFiles(in directory: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []).filter { $0.contains(".tmp-") }
    }

    /// `arguments` with `MODELS/` replaced by the inputs folder.
    static func resolving(_ arguments: [String]) -> [String] {
        arguments.map { $0.replacingOccurrences(of: "MODELS/", with: directory.path + "/") }
    }
}

/// A small tmpfs, mounted for one test and unmounted by `unmount()`.
///
/// Tests run in parallel, and a plain unmount now and then found the disk busy (a tool started by
/// another test can inherit a file open here at that moment): so the disk is unmounted lazily
/// (gone from the tree at once, freed when the last such file closes), and a file's space is freed
/// by truncating it before it is removed.
final class SmallDisk {
    let directory: URL

    init(size: Int = 256 * 1024) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("quill-disk-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        guard Self.command("/bin/mount", ["-t", "tmpfs", "-o", "size=\(size)", "tmpfs", directory.path]) else {
            try? FileManager.default.removeItem(at: directory)
            throw CocoaError(.fileWriteNoPermission)
        }
    }

    func unmount() {
        _ = Self.command("/bin/umount", ["--lazy", directory.path])
        try? FileManager.default.removeItem(at: directory)
    }

    /// Removes `file`, its space free at once.
    func remove(_ file: URL) throws {
        guard truncate(file.path, 0) == 0 else { throw CocoaError(.fileWriteUnknown) }
        try FileManager.default.removeItem(at: file)
    }

    /// Writes `filler` so that `free` bytes remain available (rounded down to pages); returns it.
    @discardableResult
    func fill(leaving free: Int) throws -> URL {
        let attributes = try FileManager.default.attributesOfFileSystem(forPath: directory.path)
        let available = (attributes[.systemFreeSize] as? Int) ?? 0
        let filler = directory.appendingPathComponent("filler")
        try Data(count: max(0, available - free)).write(to: filler)
        return filler
    }

    /// Whether a tmpfs can be mounted here (root in a container that allows it), tried once.
    static let isAvailable: Bool = {
        guard let disk = try? SmallDisk(size: 64 * 1024) else { return false }
        disk.unmount()
        return true
    }()

    private static func command(_ path: String, _ arguments: [String]) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
