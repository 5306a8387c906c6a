#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads keys from a file descriptor (a raw terminal, or a pipe in tests) with a ``KeyDecoder``,
/// settling a lone ESC when nothing follows it within ``escapeTimeout``.
///
///     var reader = KeyReader(descriptor: 0)
///     while case let .keys(keys) = reader.next() { ... }
public struct KeyReader {
    /// What one call to ``next(idleTimeout:)`` brings.
    public enum Event: Equatable, Sendable {
        /// The keys of one read (all that was typed or pasted since the last call), at least one.
        case keys([Key])
        /// Nothing came within the idle timeout.
        case idle
        /// The input ended (end of file, or a read error).
        case endOfInput
    }

    public let descriptor: Int32
    /// How long an ESC waits for the rest of a sequence before it counts as the Escape key, in
    /// seconds.
    public var escapeTimeout: Double
    private var decoder = KeyDecoder()

    public init(descriptor: Int32, escapeTimeout: Double = 0.05) {
        self.descriptor = descriptor
        self.escapeTimeout = escapeTimeout
    }

    /// Waits for keys; returns ``Event/idle`` after `idleTimeout` seconds without any (nil: waits
    /// for as long as it takes).
    public mutating func next(idleTimeout: Double? = nil) -> Event {
        var buffer = [UInt8](repeating: 0, count: 1024)
        while true {
            let waitingForSequence = decoder.isAwaitingEscapeSequence
            switch wait(seconds: waitingForSequence ? escapeTimeout : idleTimeout) {
            case .timedOut:
                if waitingForSequence {
                    let keys = decoder.flush()
                    if !keys.isEmpty { return .keys(keys) }
                    continue
                }
                return .idle
            case .interrupted:
                continue
            case .failed:
                return .endOfInput
            case .ready:
                break
            }
            let count = buffer.withUnsafeMutableBytes { posixRead(descriptor, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .endOfInput
            }
            if count == 0 {
                let keys = decoder.flush()
                return keys.isEmpty ? .endOfInput : .keys(keys)
            }
            let keys = decoder.decode(buffer[0..<count])
            if !keys.isEmpty { return .keys(keys) }
        }
    }

    private enum Readiness { case ready, timedOut, interrupted, failed }

    /// Waits until the descriptor can be read (or has ended) for at most `seconds` (nil: forever).
    private func wait(seconds: Double?) -> Readiness {
        var request = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let milliseconds = seconds.map { Int32(min(max($0 * 1000, 0), 86_400_000)) } ?? -1
        let result = poll(&request, 1, milliseconds)
        if result > 0 { return .ready }
        if result == 0 { return .timedOut }
        return errno == EINTR ? .interrupted : .failed
    }
}
