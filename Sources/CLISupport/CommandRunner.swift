import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a command-line tool with Quill's exit-status convention:
/// 0 success (and `--help`), 1 when the input or the environment is at fault (a bad file, a full
/// disk), 2 for bad usage (an unknown option, a missing argument, a failed `validate()`).
///
/// Swift-argument-parser would exit 64 (EX_USAGE) for bad usage and print "Error:" before errors;
/// Quill's tools print `error: <file>:<line>: <problem>` and exit 1 or 2, never a stack trace.
///
///     @main enum Main { static func main() { CommandRunner.main(Tagger.self) } }
public enum CommandRunner {
    public static func main<Command: ParsableCommand>(_ type: Command.Type, arguments: [String]? = nil) -> Never {
        var command: ParsableCommand
        do {
            command = try type.parseAsRoot(arguments)
        } catch {
            exitForUsage(type, error)
        }
        do {
            try command.run()
        } catch let code as ExitCode {
            systemExit(code.rawValue)
        } catch let error as ValidationError {
            exitForUsage(type, error)
        } catch where String(reflecting: Swift.type(of: error)).hasPrefix("ArgumentParser.") {
            exitForUsage(type, error)   // --help and --version arrive as errors from run()
        } catch {
            StandardError.print("error: \(error)")
            systemExit(1)
        }
        systemExit(0)
    }

    private static func exitForUsage<Command: ParsableCommand>(_ type: Command.Type, _ error: Error) -> Never {
        let code = type.exitCode(for: error)
        let message = type.fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { print(message) }   // --help, --version
            systemExit(0)
        }
        StandardError.print(message)
        systemExit(2)
    }
}
