#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import CLISupport

@Suite struct KeyReaderTests {
    /// A pipe: what the test writes on `writeEnd`, the reader reads on `readEnd`.
    final class Pipe {
        let readEnd: Int32
        var writeEnd: Int32

        init() {
            var ends: [Int32] = [0, 0]
            _ = pipe(&ends)
            readEnd = ends[0]
            writeEnd = ends[1]
        }

        func send(_ bytes: [UInt8]) {
            _ = bytes.withUnsafeBytes { write(writeEnd, $0.baseAddress!, $0.count) }
        }

        func closeWriteEnd() {
            close(writeEnd)
            writeEnd = -1
        }

        deinit {
            close(readEnd)
            if writeEnd >= 0 { close(writeEnd) }
        }
    }

    @Test func keysOfOneReadComeTogether() {
        let pipe = Pipe()
        var reader = KeyReader(descriptor: pipe.readEnd)
        pipe.send(Array("ab\t".utf8))
        #expect(reader.next() == .keys([.character("a"), .character("b"), .tab]))
    }

    @Test func aLoneEscapeBecomesTheEscapeKeyAfterTheTimeout() {
        let pipe = Pipe()
        var reader = KeyReader(descriptor: pipe.readEnd, escapeTimeout: 0.02)
        pipe.send([0x1B])
        let start = monotonicSeconds()
        #expect(reader.next() == .keys([.escape]))
        #expect(monotonicSeconds() - start >= 0.015)
    }

    @Test func nothingTypedIsIdleAndAClosedInputEnds() {
        let pipe = Pipe()
        var reader = KeyReader(descriptor: pipe.readEnd)
        #expect(reader.next(idleTimeout: 0.01) == .idle)
        pipe.send(Array("\u{1B}[1;".utf8))
        pipe.closeWriteEnd()
        #expect(reader.next() == .endOfInput, "an unfinished sequence at the end is dropped")
        #expect(reader.next() == .endOfInput)
    }

    @Test func anEscapeAtTheEndOfTheInputIsStillAKey() {
        let pipe = Pipe()
        var reader = KeyReader(descriptor: pipe.readEnd, escapeTimeout: 5)
        pipe.send(Array("x\u{1B}".utf8))
        pipe.closeWriteEnd()
        #expect(reader.next() == .keys([.character("x")]))
        #expect(reader.next() == .keys([.escape]))
        #expect(reader.next() == .endOfInput)
    }
}
