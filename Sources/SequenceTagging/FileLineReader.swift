#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import FileOutput

/// A buffered ``LineSource`` over a file (or standard input), reading 64 KiB at a time, so that
/// arbitrarily large files are read in constant memory (plus the longest line).
///
/// Bytes are split at `\n`; each line must be valid UTF-8, otherwise ``nextLine()`` throws a
/// ``DataFormatError`` naming the file, the line and the byte offset of the first bad byte.
/// See ``LineSource`` for the line conventions (`\r\n`, byte order mark, last line).
///
/// The file is closed when the reader is deallocated (standard input is left open).
public final class FileLineReader: LineSource {
    public let name: String
    private let file: UnsafeMutablePointer<FILE>
    private let closesFile: Bool
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)
    private var start = 0  // first byte not yet returned
    private var end = 0  // one past the last byte read from the file
    private var reachedEndOfFile = false
    private var linesRead = 0

    /// Opens `path` for reading.
    /// - Throws: ``DataFormatError`` (without a line) if the file cannot be opened or is a directory.
    public init(path: String) throws {
        guard let file = fopen(path, "rb") else {
            throw DataFormatError(
                file: path, line: nil, problem: "cannot open for reading: \(errnoDescription())")
        }
        var status = stat()
        if fstat(fileno(file), &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
            fclose(file)
            throw DataFormatError(file: path, line: nil, problem: "is a directory, not a text file")
        }
        self.name = path
        self.file = file
        self.closesFile = true
    }

    private init(file: UnsafeMutablePointer<FILE>, name: String, closesFile: Bool) {
        self.file = file
        self.name = name
        self.closesFile = closesFile
    }

    /// A reader over standard input (file descriptor 0), named `name` in error messages.
    public static func standardInput(name: String = "<stdin>") throws -> FileLineReader {
        guard let file = fdopen(0, "rb") else {
            throw DataFormatError(
                file: name, line: nil, problem: "cannot read standard input: \(errnoDescription())")
        }
        return FileLineReader(file: file, name: name, closesFile: false)
    }

    deinit {
        if closesFile {
            fclose(file)
        }
    }

    public func nextLine() throws -> String? {
        var searchFrom = start
        while true {
            if let newline = buffer[searchFrom..<end].firstIndex(of: UInt8(ascii: "\n")) {
                let line = try decodeLine(start..<newline)
                start = newline + 1
                return line
            }
            if reachedEndOfFile {
                guard start < end else { return nil }
                let line = try decodeLine(start..<end)
                start = end
                return line
            }
            let alreadySearched = end - start
            try readMore()
            searchFrom = start + alreadySearched
        }
    }

    /// Moves the unreturned bytes to the front of the buffer (growing it if one line fills it)
    /// and appends what the file has next.
    private func readMore() throws {
        if start > 0 {
            let unreturned = Array(buffer[start..<end])
            buffer.replaceSubrange(0..<unreturned.count, with: unreturned)
            end = unreturned.count
            start = 0
        }
        if end == buffer.count {
            buffer.append(contentsOf: repeatElement(0, count: buffer.count))
        }
        let offset = end
        let handle = file
        let bytesRead = buffer.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            return fread(base + offset, 1, raw.count - offset, handle)
        }
        if bytesRead == 0 {
            if ferror(handle) != 0 {
                throw DataFormatError(
                    file: name, line: linesRead + 1, problem: "read error: \(errnoDescription())")
            }
            reachedEndOfFile = true
        }
        end += bytesRead
    }

    private func decodeLine(_ range: Range<Int>) throws -> String {
        linesRead += 1
        var bytes = buffer[range]
        if bytes.last == UInt8(ascii: "\r") {
            bytes = bytes.dropLast()
        }
        if linesRead == 1 && bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            bytes = bytes.dropFirst(3)
        }
        if let line = String(validating: bytes, as: UTF8.self) {
            return line
        }
        throw DataFormatError(file: name, line: linesRead, problem: Self.describeInvalidUTF8(bytes))
    }

    /// `invalid UTF-8 at byte 7 of the line (0xE9)`: the 1-based offset of the first bad byte.
    static func describeInvalidUTF8(_ bytes: ArraySlice<UInt8>) -> String {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar):
                offset += scalar.count
            case .error(let length):
                let bad = bytes.dropFirst(offset).prefix(max(length, 1))
                let hex = bad.map { byte -> String in
                    let digits = String(byte, radix: 16, uppercase: true)
                    return digits.count == 1 ? "0x0" + digits : "0x" + digits
                }.joined(separator: " ")
                return "invalid UTF-8 at byte \(offset + 1) of the line (\(hex))"
            case .emptyInput:
                return "invalid UTF-8 in the line"
            }
        }
    }
}
