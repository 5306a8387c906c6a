#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import CLISupport

/// A pseudo-terminal pair: the test plays the terminal on `controller`, the code under test sees
/// a real tty on `device`.
final class PseudoTerminal {
    let controller: Int32
    let device: Int32

    // Swift's Glibc module leaves out the X/Open pseudo-terminal functions: found at run time.
    private typealias DescriptorFunction = @convention(c) (Int32) -> Int32
    private typealias NameFunction = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32

    private static func function<T>(_ name: String, as type: T.Type) throws -> T {
        guard let symbol = dlsym(nil, name) else { throw RawTerminal.SetupError(description: "no \(name)") }
        return unsafeBitCast(symbol, to: type)
    }

    init() throws {
        let openController = try Self.function("posix_openpt", as: DescriptorFunction.self)
        let grant = try Self.function("grantpt", as: DescriptorFunction.self)
        let unlock = try Self.function("unlockpt", as: DescriptorFunction.self)
        let name = try Self.function("ptsname_r", as: NameFunction.self)
        controller = openController(O_RDWR | O_NOCTTY)
        var path = [CChar](repeating: 0, count: 128)
        guard controller >= 0, grant(controller) == 0, unlock(controller) == 0, name(controller, &path, path.count) == 0 else {
            throw RawTerminal.SetupError(description: "no pseudo-terminal: \(String(cString: strerror(errno)))")
        }
        device = open(path, O_RDWR | O_NOCTTY)
        guard device >= 0 else {
            close(controller)
            throw RawTerminal.SetupError(description: "cannot open the pseudo-terminal's device")
        }
    }

    deinit {
        close(device)
        close(controller)
    }

    func settings() -> termios {
        var settings = termios()
        _ = tcgetattr(device, &settings)
        return settings
    }
}

/// Whether two terminal settings are the same, byte for byte.
func sameSettings(_ a: termios, _ b: termios) -> Bool {
    withUnsafeBytes(of: a) { a in withUnsafeBytes(of: b) { b in a.elementsEqual(b) } }
}

@Suite(.serialized) struct RawTerminalTests {
    @Test func rawModeTurnsOffEchoLinesAndSignalsAndRestoreGivesBackEveryBit() throws {
        let pty = try PseudoTerminal()
        let before = pty.settings()
        #expect(RawTerminal.isTerminal(pty.device))
        let terminal = try RawTerminal(descriptor: pty.device)
        let raw = pty.settings()
        #expect(raw.c_lflag & tcflag_t(ECHO | ICANON | ISIG | IEXTEN) == 0)
        #expect(raw.c_iflag & tcflag_t(ICRNL | IXON) == 0)
        #expect(raw.c_oflag == before.c_oflag, "output processing is left alone")
        terminal.restore()
        #expect(sameSettings(pty.settings(), before))
        terminal.restore()   // a second time: nothing
        #expect(sameSettings(pty.settings(), before))
    }

    @Test func releasingTheObjectRestoresTheTerminal() throws {
        let pty = try PseudoTerminal()
        let before = pty.settings()
        do {
            let terminal = try RawTerminal(descriptor: pty.device)
            #expect(!sameSettings(pty.settings(), before))
            _ = terminal
        }
        #expect(sameSettings(pty.settings(), before))
    }

    @Test func ctrlCArrivesAsAByteInRawMode() throws {
        let pty = try PseudoTerminal()
        let terminal = try RawTerminal(descriptor: pty.device)
        defer { terminal.restore() }
        var bytes: [UInt8] = [0x03, 0x1B, 0x5B, 0x44]
        #expect(write(pty.controller, &bytes, bytes.count) == 4)
        var reader = KeyReader(descriptor: pty.device)
        #expect(reader.next(idleTimeout: 2) == .keys([.control("c"), .left]))
    }

    @Test func aPipeIsNoTerminal() throws {
        var ends: [Int32] = [0, 0]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        #expect(!RawTerminal.isTerminal(ends[0]))
        #expect(RawTerminal.columns(of: ends[0]) == 80)
        #expect(throws: RawTerminal.SetupError.self) { try RawTerminal(descriptor: ends[0]) }
    }

    @Test func columnsComeFromTheTerminalsSize() throws {
        let pty = try PseudoTerminal()
        var size = winsize(ws_row: 20, ws_col: 100, ws_xpixel: 0, ws_ypixel: 0)
        #expect(ioctl(pty.controller, UInt(TIOCSWINSZ), &size) == 0)
        #expect(RawTerminal.columns(of: pty.device) == 100)
    }
}
