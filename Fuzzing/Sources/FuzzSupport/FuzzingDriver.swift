#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import _LibFuzzer

/// The `main` of every fuzz target: writes the target's seeds when asked, else hands the command
/// line to libFuzzer.
///
///     // main.swift of a target
///     FuzzingDriver.run(fuzz, seeds: ModelFileSeeds.write(into:))
///
/// `fuzz-x --write-seeds FOLDER` writes the seed inputs only Quill itself can make (small model
/// files, a personal model) into FOLDER and exits, so no binary seed is committed and the seeds
/// always match the current formats. Any other command line is libFuzzer's
/// (`fuzz-x CORPUS -max_total_time=60`).
public enum FuzzingDriver {
    /// One input: `data` holds `size` bytes (`data` may be nil when `size` is 0). Returns 0;
    /// a crash, a failed precondition or a sanitizer report is a finding.
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt

    public static func run(_ testOneInput: TestOneInput, seeds: ((String) throws -> Void)? = nil) -> Never {
        let arguments = CommandLine.arguments
        if arguments.count == 3, arguments[1] == "--write-seeds" {
            do {
                try seeds?(arguments[2])
                exit(0)
            } catch {
                print("cannot write the seeds into \(arguments[2]): \(error)")
                exit(1)
            }
        }
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv, testOneInput))
    }
}
