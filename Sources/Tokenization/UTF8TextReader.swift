#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads UTF-8 text from a file, a pipe or memory in pieces that end at line feeds, so that a file
/// of any size is read in bounded memory and no piece ends inside a line unless the line itself
/// is longer than the block size.
///
///     let reader = try UTF8TextReader(path: "corpus.txt")
///     while let piece = try reader.next() { print(piece.line, piece.text.count) }
///
/// Invalid UTF-8 is an error naming the file, line and byte offset (`.strict`), or is replaced by
/// U+FFFD (`.lenient`, counted in `replacementCount`).
public final class UTF8TextReader {
    public enum Decoding: Sendable {
        /// Invalid UTF-8 throws `TokenizationError.invalidUTF8`.
        case strict
        /// Each maximal invalid subsequence becomes one U+FFFD.
        case lenient
    }

    /// A piece of the input. Pieces follow each other without gaps or overlaps.
    public struct Piece: Sendable {
        public let text: String
        /// Where the piece starts in the whole input, in bytes of the (undecoded) input.
        public let byteOffset: Int
        /// The 1-based line the piece starts on.
        public let line: Int
        /// True when the piece ends with a line feed or at the end of the input; false when it ends
        /// inside a line longer than the block size.
        public let endsLine: Bool
    }

    /// The name used in errors: the path, or "<stdin>".
    public let name: String
    public let decoding: Decoding
    /// How many invalid sequences lenient decoding replaced so far, and where the first was.
    public private(set) var replacementCount = 0
    public private(set) var firstReplacementOffset: Int?

    private enum Source {
        case descriptor(Int32, closeWhenDone: Bool)
        case memory([UInt8], position: Int)
    }

    private var source: Source
    private let blockSize: Int
    private var pending: [UInt8] = []
    private var pendingOffset = 0   // byte offset of pending[0] in the input
    private var pendingLine = 1
    private var atEnd = false
    private var readBuffer: [UInt8] = []

    /// Opens `path` for reading; "-" reads standard input.
    public init(path: String, decoding: Decoding = .strict, blockSize: Int = 1 << 20) throws(TokenizationError) {
        self.decoding = decoding
        self.blockSize = max(blockSize, 16)
        if path == "-" {
            name = "<stdin>"
            source = .descriptor(STDIN_FILENO, closeWhenDone: false)
            return
        }
        name = path
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .cannotOpen(path: path, reason: Self.errorText()) }
        var info = stat()
        if fstat(fd, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw .isDirectory(path: path)
        }
        source = .descriptor(fd, closeWhenDone: true)
    }

    /// Reads from `bytes` (tests, fuzzing, data already in memory); `name` appears in errors.
    public init(bytes: [UInt8], name: String, decoding: Decoding = .strict, blockSize: Int = 1 << 20) {
        self.name = name
        self.decoding = decoding
        self.blockSize = max(blockSize, 16)
        source = .memory(bytes, position: 0)
    }

    deinit {
        if case let .descriptor(fd, true) = source { close(fd) }
    }

    /// The next piece, or nil at the end of the input. An empty input has no pieces.
    public func next() throws(TokenizationError) -> Piece? {
        var searched = 0
        while !atEnd {
            if UTF8Scan.lastLineFeed(in: pending, from: searched) != nil || pending.count >= blockSize { break }
            searched = pending.count
            try fill()
        }
        guard !pending.isEmpty else { return nil }

        let cut: Int
        let endsLine: Bool
        if atEnd {
            cut = pending.count
            endsLine = true
        } else if let lineFeed = UTF8Scan.lastLineFeed(in: pending, from: 0) {
            cut = lineFeed + 1
            endsLine = true
        } else {
            // Inside a long line: the last scalar (or an incomplete sequence) waits for the next
            // piece, so an input that ends exactly at a block's end still ends in a piece that
            // says so, however it is cut.
            cut = pending.withUnsafeBufferPointer { UTF8Scan.lastScalarStart(in: $0) }
            endsLine = false
        }
        let piece = try decode(count: cut == 0 ? pending.count : cut, endsLine: endsLine || cut == 0)
        return piece
    }

    private func decode(count: Int, endsLine: Bool) throws(TokenizationError) -> Piece {
        let offset = pendingOffset, line = pendingLine
        let result: Result<Piece, TokenizationError> = pending.withUnsafeBufferPointer { buffer in
            let range = 0..<count
            let lineFeeds = UTF8Scan.lineFeeds(in: buffer, range: range)
            var text: String
            switch UTF8Scan.validate(buffer, range: range) {
            case .valid:
                text = String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
            case let .invalid(at, length) where decoding == .strict:
                return .failure(invalid(buffer, at: at, length: length))
            case let .truncated(at) where decoding == .strict:
                return .failure(invalid(buffer, at: at, length: count - at))
            case .invalid, .truncated:
                let (replaced, first) = UTF8Scan.invalidSequences(buffer, range: range)
                replacementCount += replaced
                if firstReplacementOffset == nil, let first { firstReplacementOffset = offset + first }
                text = String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
            }
            pendingLine += lineFeeds
            return .success(Piece(text: text, byteOffset: offset, line: line, endsLine: endsLine))
        }
        pending.removeFirst(count)
        pendingOffset += count
        return try result.get()
    }

    private func invalid(_ buffer: UnsafeBufferPointer<UInt8>, at: Int, length: Int) -> TokenizationError {
        let line = pendingLine + UTF8Scan.lineFeeds(in: buffer, range: 0..<at)
        return .invalidUTF8(path: name, byteOffset: pendingOffset + at, line: line,
                            bytes: Array(buffer[at..<at + max(length, 1)]))
    }

    /// Appends up to a block of bytes to `pending`; sets `atEnd` at the end of the input.
    private func fill() throws(TokenizationError) {
        switch source {
        case let .memory(bytes, position):
            let end = min(bytes.count, position + blockSize)
            pending.append(contentsOf: bytes[position..<end])
            source = .memory(bytes, position: end)
            atEnd = end == bytes.count
        case let .descriptor(fd, _):
            if readBuffer.isEmpty { readBuffer = [UInt8](repeating: 0, count: blockSize) }
            var got = 0
            repeat {
                got = readBuffer.withUnsafeMutableBytes { read(fd, $0.baseAddress!, $0.count) }
            } while got < 0 && errno == EINTR
            if got < 0 { throw .readFailed(path: name, reason: Self.errorText()) }
            if got == 0 { atEnd = true }
            pending.append(contentsOf: readBuffer[..<got])
        }
    }

    private static func errorText() -> String { String(cString: strerror(errno)) }
}

extension UTF8Scan {
    static func lastLineFeed(in bytes: [UInt8], from start: Int) -> Int? {
        bytes.withUnsafeBufferPointer { lastLineFeed(in: $0, range: start..<$0.count) }
    }
}
