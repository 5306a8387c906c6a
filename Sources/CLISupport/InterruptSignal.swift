import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ctrl-C for long work: the first SIGINT only sets ``isRequested``, which the work polls (a
/// training run writes its checkpoint and stops cleanly); a second one ends the process at once
/// with status 130 (files are written atomically, so nothing is left half-written).
///
///     let interrupt = InterruptSignal.install(message: "stopping after this batch...")
///     trainer.stopRequested = { interrupt.isRequested }
public final class InterruptSignal: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    private var source: DispatchSourceSignal?

    private init() {}

    /// Takes over SIGINT for the rest of the process; `message` is printed on the first Ctrl-C.
    public static func install(message: String) -> InterruptSignal {
        let interrupt = InterruptSignal()
        signal(SIGINT, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [interrupt] in
            let count = interrupt.lock.withLock {
                interrupt.count += 1
                return interrupt.count
            }
            if count >= 2 { _exit(130) }
            StandardError.write("\n" + message + "\n")
        }
        source.resume()
        interrupt.source = source
        return interrupt
    }

    /// Whether Ctrl-C was pressed.
    public var isRequested: Bool { lock.withLock { count > 0 } }
}
