// The flags every benchmark tool takes (common.py's common arguments and finish_args), and the
// command-line parsing around them; each tool adds its own flags through `CommandLineTool.parse`.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What the timing needs (warm-up, steps per repeat, repeats) plus the workloads and threads.
public struct CommonSettings: Sendable {
    public var workloads: Set<String>
    public var threads = 2
    public var repeats = 7
    /// Seconds per timed repeat (the steps per repeat are picked to fit).
    public var target = 1.5
    /// Whether `--target` (or `--quick`) was given.
    public var targetGiven = false
    public var minSteps = 3
    public var warmup = 3

    public init(workloads: Set<String>) {
        self.workloads = workloads
    }

    /// `--quick`: 3 repeats of ~0.5 s, 2 warm-up calls (common.py's finish_args).
    public mutating func makeQuick() {
        (repeats, target, warmup) = (3, 0.5, 2)
        targetGiven = true
    }
}

/// A tool's settings: the common ones (read and written as if they were its own fields) and its own.
@dynamicMemberLookup
public protocol BenchmarkSettings {
    var common: CommonSettings { get set }
}

extension BenchmarkSettings {
    public subscript<Value>(dynamicMember keyPath: WritableKeyPath<CommonSettings, Value>) -> Value {
        get { common[keyPath: keyPath] }
        set { common[keyPath: keyPath] = newValue }
    }

    public func wants(_ workload: String) -> Bool { common.workloads.contains(workload) }
}

/// The arguments not read yet, for a tool's own flags.
public struct Arguments {
    let tool: CommandLineTool
    var remaining: ArraySlice<String>

    public mutating func next() -> String? { remaining.popFirst() }

    public mutating func value(_ flag: String) -> String {
        guard let value = remaining.popFirst() else { tool.fail("\(flag) needs a value") }
        return value
    }

    public mutating func integer(_ flag: String) -> Int {
        guard let number = Int(value(flag)), number >= 1 else { tool.fail("\(flag) needs a positive integer") }
        return number
    }

    public mutating func seconds(_ flag: String) -> Double {
        guard let seconds = Double(value(flag)), seconds > 0 else { tool.fail("\(flag) needs seconds") }
        return seconds
    }
}

/// A benchmark executable's name and usage text: error exits and argument parsing.
public struct CommandLineTool: Sendable {
    public let name: String
    public let usage: String

    public init(name: String, usage: String) {
        self.name = name
        self.usage = usage
    }

    /// The message and the usage on stderr; exit status 2.
    public func fail(_ message: String) -> Never {
        writeOut("\(name): \(message)\n\(usage)", to: 2)
        exit(2)
    }

    /// Reads `--workloads` (a comma list of `knownWorkloads`, or `all`), `--threads`, `--repeats`,
    /// `--target`, `--warmup`, `--min-steps`, `--quick` and `-h`/`--help`; any other flag goes to
    /// `other`, which returns false for one it does not know either.
    public func parse<Settings: BenchmarkSettings>(
        _ defaults: Settings, knownWorkloads: Set<String>,
        arguments: [String] = Array(CommandLine.arguments.dropFirst()),
        other: (_ flag: String, _ settings: inout Settings, _ arguments: inout Arguments) -> Bool = { _, _, _ in false }
    ) -> Settings {
        var settings = defaults
        var arguments = Arguments(tool: self, remaining: arguments[...])
        var quick = false
        while let argument = arguments.next() {
            switch argument {
            case "--workloads":
                let list = arguments.value(argument).lowercased()
                if list != "all" {
                    settings.workloads = Set(list.split(separator: ",").map { $0.trimmingCharacters(in: " ") })
                    let unknown = settings.workloads.subtracting(knownWorkloads)
                    guard unknown.isEmpty else { fail("unknown workloads \(unknown.sorted())") }
                }
            case "--threads": settings.threads = arguments.integer(argument)
            case "--repeats": settings.repeats = arguments.integer(argument)
            case "--target":
                settings.target = arguments.seconds(argument)
                settings.targetGiven = true
            case "--warmup": settings.warmup = arguments.integer(argument)
            case "--min-steps": settings.minSteps = arguments.integer(argument)
            case "--quick": quick = true
            case "-h", "--help":
                writeOut(usage)
                exit(0)
            default:
                guard other(argument, &settings, &arguments) else { fail("unknown argument \(argument)") }
            }
        }
        if quick { settings.common.makeQuick() }
        return settings
    }
}

extension Substring {
    func trimmingCharacters(in characters: String) -> String {
        String(drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
    }
}
