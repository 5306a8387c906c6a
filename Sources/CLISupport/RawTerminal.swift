#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A terminal in raw mode for as long as this object lives: every key arrives at once as bytes,
/// nothing is echoed, and Ctrl-C, Ctrl-Z, Ctrl-\ arrive as bytes instead of signals. Output
/// processing is left as it was (a "\n" written still starts a new line at column 0).
///
/// The saved settings are put back exactly by ``restore()``, when the object is released, when the
/// process exits normally, and when SIGTERM, SIGHUP or SIGINT arrive from outside (a handler
/// restores the terminal, then lets the signal end the process as it would have).
///
///     let terminal = try RawTerminal(descriptor: 0)
///     defer { terminal.restore() }
///
/// One terminal at a time: a second raw terminal takes over the signal and exit handling.
public final class RawTerminal {
    /// Why raw mode could not be entered: the descriptor is not a terminal, or the system refused.
    public struct SetupError: Error, CustomStringConvertible {
        public let description: String
    }

    /// The terminal's file descriptor.
    public let descriptor: Int32
    private let savedSettings: termios
    private var isRaw = true

    /// Puts the terminal on `descriptor` in raw mode; input already typed is kept.
    public init(descriptor: Int32 = 0) throws {
        var settings = termios()
        guard tcgetattr(descriptor, &settings) == 0 else {
            throw SetupError(description: "cannot read the terminal settings of descriptor \(descriptor): \(Self.systemMessage())")
        }
        self.descriptor = descriptor
        savedSettings = settings
        var raw = settings
        raw.c_iflag &= ~tcflag_t(BRKINT | ICRNL | INPCK | ISTRIP | IXON)
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_cflag = (raw.c_cflag & ~tcflag_t(CSIZE)) | tcflag_t(CS8)
        withUnsafeMutableBytes(of: &raw.c_cc) { characters in
            characters[Int(VMIN)] = 1   // a read returns as soon as one byte is there
            characters[Int(VTIME)] = 0
        }
        TerminalRestoration.install(descriptor: descriptor, settings: settings)
        guard tcsetattr(descriptor, TCSADRAIN, &raw) == 0 else {
            let message = Self.systemMessage()
            TerminalRestoration.uninstall(descriptor: descriptor)
            isRaw = false
            throw SetupError(description: "cannot put descriptor \(descriptor) in raw mode: \(message)")
        }
    }

    deinit { restore() }

    /// Puts back the settings the terminal had before; calling it again does nothing.
    public func restore() {
        guard isRaw else { return }
        isRaw = false
        var settings = savedSettings
        _ = tcsetattr(descriptor, TCSADRAIN, &settings)
        TerminalRestoration.uninstall(descriptor: descriptor)
    }

    /// Whether `descriptor` is a terminal (not a file or a pipe).
    public static func isTerminal(_ descriptor: Int32) -> Bool {
        isatty(descriptor) == 1
    }

    /// The width in columns of the terminal on `descriptor`, or 80 when it is not a terminal or
    /// does not say.
    public static func columns(of descriptor: Int32) -> Int {
        var size = winsize()
        if ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0 && size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }

    private static func systemMessage() -> String {
        String(cString: strerror(errno))
    }
}

/// The settings to put back if the process ends while a terminal is raw: read by a signal handler
/// and an exit handler, so they live in plain global storage (no allocation, no locks, nothing a
/// signal handler may not touch; `tcsetattr`, `signal` and `raise` are async-signal-safe).
private enum TerminalRestoration {
    /// The signals that end a process from outside and should not leave the terminal raw.
    static let signals: [Int32] = [SIGTERM, SIGHUP, SIGINT]

    nonisolated(unsafe) static var descriptor: Int32 = -1
    nonisolated(unsafe) static var settings = termios()
    nonisolated(unsafe) static var previousHandlers: [(signal: Int32, handler: SignalHandler?)] = []
    nonisolated(unsafe) static var exitHandlerInstalled = false

    typealias SignalHandler = @convention(c) (Int32) -> Void

    static func install(descriptor: Int32, settings: termios) {
        uninstall(descriptor: self.descriptor)
        self.settings = settings
        self.descriptor = descriptor
        if !exitHandlerInstalled {
            exitHandlerInstalled = true
            atexit { TerminalRestoration.restoreNow() }
        }
        previousHandlers = signals.map { number in
            (number, signal(number) { number in
                TerminalRestoration.restoreNow()
                signal(number, SIG_DFL)
                raise(number)   // delivered when this handler returns: ends the process as before
            })
        }
    }

    /// Forgets the settings of `descriptor` (they were put back) and gives the signals back to
    /// their previous handlers.
    static func uninstall(descriptor: Int32) {
        guard descriptor >= 0 && descriptor == self.descriptor else { return }
        self.descriptor = -1
        for (number, handler) in previousHandlers { signal(number, handler) }
        previousHandlers = []
    }

    /// Puts the saved settings back at once (from a signal handler or at exit).
    static func restoreNow() {
        guard descriptor >= 0 else { return }
        _ = tcsetattr(descriptor, TCSANOW, &settings)
    }
}
