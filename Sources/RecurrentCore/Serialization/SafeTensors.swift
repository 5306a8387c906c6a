import FileOutput
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A safetensors file, read and validated: tensor names, shapes, dtypes, metadata, and the data.
///
/// The format (huggingface/safetensors): an 8-byte little-endian header length `N`, `N` bytes of
/// UTF-8 JSON mapping each tensor name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets
/// relative to the first byte after the header) plus an optional `"__metadata__"` object of strings,
/// then the little-endian tensor data, covered by the tensors without holes or overlaps.
///
///     let file = try SafeTensors(contentsOf: "model.quill")
///     file.names                        // ["input", "lengths", ...] in data order
///     file.metadata["cell"]             // "lstm"
///     let input = try file.tensor("input")       // F32, F16, BF16 and F64 become Float
///     let lengths = try file.int64s("lengths")   // I64, and narrower integers widened
///
/// Loading checks everything before returning (header framing, JSON, every entry's fields,
/// dtype, shape, byte length, that the data is covered exactly) and throws a ``ModelFileError``
/// naming the file and the tensor. No byte input traps. Tensors are copied out on access into
/// 64-byte aligned ``Tensor`` storage; the file itself is memory-mapped when possible (a file
/// truncated in place by another process while mapped would fault, as with any mmap reader;
/// ``write(_:metadata:to:)`` replaces files by rename, never in place).
public struct SafeTensors: Sendable {
    /// Tensor names in file order (by data offset; the header's order among empty tensors).
    public let names: [String]
    /// The header's `__metadata__` (empty when absent or `null`).
    public let metadata: [String: String]

    private let entries: [String: Entry]
    private let buffer: Buffer
    /// Where the data starts in `buffer`: 8 + header length.
    private let dataStart: Int
    /// The file name or label that errors start with.
    private let source: String

    /// The largest header accepted, as in the reference implementation.
    static let maximumHeaderLength = 100_000_000

    struct Entry: Sendable {
        var dtype: DType
        var shape: [Int]
        var begin: Int
        var end: Int
    }

    /// The dtypes of the safetensors spec with a whole number of bytes per element.
    enum DType: String, CaseIterable, Sendable {
        case BOOL, U8, I8, F8_E5M2, F8_E4M3, F8_E8M0, I16, U16, F16, BF16, I32, U32, F32, F64, I64, U64

        var size: Int {
            switch self {
            case .BOOL, .U8, .I8, .F8_E5M2, .F8_E4M3, .F8_E8M0: 1
            case .I16, .U16, .F16, .BF16: 2
            case .I32, .U32, .F32: 4
            case .F64, .I64, .U64: 8
            }
        }
    }

    /// The dtypes ``tensor(_:)`` converts to `Float`.
    static let floatingDTypes: [DType] = [.F32, .F16, .BF16, .F64]
    /// The dtypes ``int64s(_:)`` widens to `Int64` without loss.
    static let integerDTypes: [DType] = [.I64, .I32, .I16, .I8, .U32, .U16, .U8]

    // MARK: Access

    /// The tensor `name` as `Float`s: F32 as is, F16, BF16 and F64 converted.
    public func tensor(_ name: String) throws(ModelFileError) -> Tensor {
        let entry = try self.entry(name)
        guard Self.floatingDTypes.contains(entry.dtype) else {
            throw .wrongDType(source: source, tensor: name, dtype: entry.dtype.rawValue,
                              expected: Self.floatingDTypes.map(\.rawValue))
        }
        let result = Tensor(zeros: entry.shape)   // the shape's product was checked on load
        let count = result.count
        guard count > 0, let base = buffer.base else { return result }
        let bytes = base + dataStart + entry.begin
        let output = result.pointer
        switch entry.dtype {
        case .F32:
            #if _endian(little)
            UnsafeMutableRawPointer(output).copyMemory(from: bytes, byteCount: count * 4)
            #else
            for i in 0..<count {
                output[i] = Float(bitPattern: UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            }
            #endif
        case .F16:
            for i in 0..<count {
                output[i] = Self.float(half: UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
            }
        case .BF16:
            for i in 0..<count {
                let bits = UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))
                output[i] = Float(bitPattern: UInt32(bits) << 16)
            }
        case .F64:
            for i in 0..<count {
                output[i] = Float(Double(bitPattern: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))))
            }
        default:
            break
        }
        return result
    }

    /// The integer tensor `name`, flattened in row-major order: I64 as is; I32, I16, I8, U32,
    /// U16 and U8 widened. Its shape is ``shape(of:)``.
    public func int64s(_ name: String) throws(ModelFileError) -> [Int64] {
        let entry = try self.entry(name)
        guard Self.integerDTypes.contains(entry.dtype) else {
            throw .wrongDType(source: source, tensor: name, dtype: entry.dtype.rawValue,
                              expected: Self.integerDTypes.map(\.rawValue))
        }
        let count = (entry.end - entry.begin) / entry.dtype.size
        guard count > 0, let base = buffer.base else { return [] }
        let bytes = base + dataStart + entry.begin
        return (0..<count).map { i -> Int64 in
            switch entry.dtype {
            case .I64: Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))
            case .I32: Int64(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self)))
            case .I16: Int64(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self)))
            case .I8: Int64(bytes.load(fromByteOffset: i, as: Int8.self))
            case .U32: Int64(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)))
            case .U16: Int64(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)))
            default: Int64(bytes.load(fromByteOffset: i, as: UInt8.self))
            }
        }
    }

    /// The shape of tensor `name`, or nil when there is none.
    public func shape(of name: String) -> [Int]? {
        entries[name]?.shape
    }

    /// The dtype of tensor `name` as the file spells it ("F32", "I64", ...), or nil when there is none.
    public func dtype(of name: String) -> String? {
        entries[name]?.dtype.rawValue
    }

    /// The CRC-32 of the data section (every byte after the header).
    func dataChecksum() -> CRC32 {
        var crc = CRC32()
        if let base = buffer.base { crc.update(UnsafeRawBufferPointer(start: base + dataStart, count: buffer.count - dataStart)) }
        return crc
    }

    /// The file name or label errors start with.
    public var sourceName: String { source }

    private func entry(_ name: String) throws(ModelFileError) -> Entry {
        guard let entry = entries[name] else { throw .noTensor(source: source, name: name) }
        return entry
    }

    /// `Float` from IEEE 754 binary16 bits (written out: `Float16` is unavailable on Intel Macs).
    static func float(half bits: UInt16) -> Float {
        let sign: UInt32 = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1F
        let mantissa = UInt32(bits & 0x3FF)
        switch exponent {
        case 0:
            let magnitude = Float(mantissa) * 0x1p-24   // zero or subnormal
            return sign == 0 ? magnitude : -magnitude
        case 0x1F:
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))   // infinity or NaN
        default:
            return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
        }
    }

    // MARK: Loading

    /// Reads the safetensors file at `path`, memory-mapped when possible.
    public init(contentsOf path: String) throws(ModelFileError) {
        try self.init(buffer: Buffer(contentsOf: path), source: path)
    }

    /// Reads a safetensors file held in `bytes`; `source` names it in errors.
    public init(bytes: [UInt8], source: String) throws(ModelFileError) {
        try self.init(buffer: Buffer(copying: bytes), source: source)
    }

    private init(buffer: Buffer, source: String) throws(ModelFileError) {
        self.buffer = buffer
        self.source = source
        let size = buffer.count
        guard size >= 8, let base = buffer.base else { throw .fileTooShort(source: source, size: size) }
        let declared = UInt64(littleEndian: base.loadUnaligned(as: UInt64.self))
        guard declared <= UInt64(Self.maximumHeaderLength) else {
            throw .headerTooLarge(source: source, length: declared, limit: Self.maximumHeaderLength)
        }
        let headerLength = Int(declared)
        guard headerLength <= size - 8 else {
            throw .truncatedHeader(source: source, length: headerLength, available: size - 8)
        }
        dataStart = 8 + headerLength
        let dataSize = size - dataStart
        let header = UnsafeRawBufferPointer(start: base + 8, count: headerLength)

        if let offset = Self.firstInvalidUTF8(header) { throw .headerNotUTF8(source: source, offset: offset) }
        let root: JSONValue
        do {
            var parser = JSONParser(bytes: header)
            root = try parser.parseDocument()
        } catch {
            throw .headerNotJSON(source: source, offset: error.offset, problem: error.problem)
        }
        guard case let .object(members) = root else {
            throw .headerNotObject(source: source, found: root.kindDescription)
        }

        var metadata: [String: String] = [:]
        var entries: [String: Entry] = [:]
        var order: [(name: String, entry: Entry)] = []
        var seen = Set<String>()
        for (name, value) in members {
            guard seen.insert(name).inserted else { throw .duplicateName(source: source, name: name) }
            if name == "__metadata__" {
                metadata = try Self.parseMetadata(value, source: source)
            } else {
                let entry = try Self.parseEntry(value, name: name, dataSize: dataSize, source: source)
                entries[name] = entry
                order.append((name, entry))
            }
        }

        // The data must be covered exactly: sorted by offsets, each tensor starts where the
        // previous one ended, and the last one ends at the end of the file.
        let sorted = order.enumerated().sorted { a, b in
            (a.element.entry.begin, a.element.entry.end, a.offset) < (b.element.entry.begin, b.element.entry.end, b.offset)
        }.map(\.element)
        var covered = 0
        var previous: String?
        for (name, entry) in sorted {
            if entry.begin < covered, let previous {
                throw .overlappingTensors(source: source, tensor: name, other: previous)
            }
            if entry.begin > covered {
                throw .gapBeforeTensor(source: source, tensor: name, from: covered, to: entry.begin)
            }
            covered = entry.end
            previous = name
        }
        if covered < dataSize {
            throw .trailingBytes(source: source, count: dataSize - covered, after: previous)
        }

        self.names = sorted.map(\.name)
        self.metadata = metadata
        self.entries = entries
    }

    private static func parseMetadata(_ value: JSONValue, source: String) throws(ModelFileError) -> [String: String] {
        if case .null = value { return [:] }
        guard case let .object(members) = value else {
            throw .metadataNotObject(source: source, found: value.kindDescription)
        }
        var metadata: [String: String] = [:]
        for (key, item) in members {
            guard case let .string(text) = item else {
                throw .metadataValueNotString(source: source, key: key, found: item.kindDescription)
            }
            guard metadata.updateValue(text, forKey: key) == nil else {
                throw .duplicateMetadataKey(source: source, key: key)
            }
        }
        return metadata
    }

    private static func parseEntry(_ value: JSONValue, name: String, dataSize: Int, source: String) throws(ModelFileError) -> Entry {
        guard case let .object(members) = value else {
            throw .entryNotObject(source: source, tensor: name, found: value.kindDescription)
        }
        var fields: [String: JSONValue] = [:]
        for (key, item) in members {
            guard fields.updateValue(item, forKey: key) == nil else {
                throw .duplicateField(source: source, tensor: name, field: key)
            }
        }
        guard let dtypeValue = fields["dtype"] else { throw .missingField(source: source, tensor: name, field: "dtype") }
        guard let shapeValue = fields["shape"] else { throw .missingField(source: source, tensor: name, field: "shape") }
        guard let offsetsValue = fields["data_offsets"] else {
            throw .missingField(source: source, tensor: name, field: "data_offsets")
        }

        guard case let .string(dtypeName) = dtypeValue else {
            throw .wrongFieldType(source: source, tensor: name, field: "dtype", expected: "a string",
                                  found: dtypeValue.kindDescription)
        }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw .unknownDType(source: source, tensor: name, dtype: dtypeName)
        }

        guard let shape = shapeValue.integers else {
            throw .wrongFieldType(source: source, tensor: name, field: "shape", expected: "an array of integers",
                                  found: shapeValue.kindDescription)
        }
        guard shape.allSatisfy({ $0 >= 0 }) else {
            throw .negativeDimension(source: source, tensor: name, shape: shape)
        }
        // Left to right from 1, as Tensor multiplies, so that Tensor(zeros: shape) cannot overflow.
        var elements = 1
        for dimension in shape {
            let (product, overflow) = elements.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw .shapeTooLarge(source: source, tensor: name, shape: shape) }
            elements = product
        }
        let (expectedBytes, overflow) = elements.multipliedReportingOverflow(by: dtype.size)
        guard !overflow else { throw .shapeTooLarge(source: source, tensor: name, shape: shape) }

        guard let offsets = offsetsValue.integers, offsets.count == 2 else {
            throw .wrongFieldType(source: source, tensor: name, field: "data_offsets",
                                  expected: "an array of two integers [begin, end]", found: offsetsValue.kindDescription)
        }
        let begin = offsets[0], end = offsets[1]
        guard begin >= 0, end >= 0, begin <= end else {
            throw .invalidOffsets(source: source, tensor: name, begin: begin, end: end)
        }
        guard end <= dataSize else {
            throw .truncatedData(source: source, tensor: name, end: end, available: dataSize)
        }
        guard end - begin == expectedBytes else {
            throw .byteLengthMismatch(source: source, tensor: name, dtype: dtype.rawValue, shape: shape,
                                      byteLength: end - begin, expected: expectedBytes)
        }
        return Entry(dtype: dtype, shape: shape, begin: begin, end: end)
    }

    /// The offset of the first byte that does not belong to a valid UTF-8 sequence, or nil.
    static func firstInvalidUTF8(_ bytes: UnsafeRawBufferPointer) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case let .valid(scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}

// MARK: - Bytes

extension SafeTensors {
    /// The file's bytes: a read-only memory mapping, or a private copy. Immutable once made.
    final class Buffer: @unchecked Sendable {
        let base: UnsafeRawPointer?
        let count: Int
        private let isMapped: Bool

        init(copying bytes: [UInt8]) {
            count = bytes.count
            isMapped = false
            let memory = UnsafeMutableRawPointer.allocate(byteCount: max(bytes.count, 1), alignment: 64)
            bytes.withUnsafeBytes { source in
                if let address = source.baseAddress { memory.copyMemory(from: address, byteCount: source.count) }
            }
            base = UnsafeRawPointer(memory)
        }

        private init(mapped: UnsafeRawPointer, count: Int) {
            base = mapped
            self.count = count
            isMapped = true
        }

        /// Maps a regular file; reads anything else (or a file mmap refuses) to the end.
        convenience init(contentsOf path: String) throws(ModelFileError) {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw .cannotOpen(source: path, reason: errnoDescription()) }
            defer { close(descriptor) }
            var status = stat()
            guard fstat(descriptor, &status) == 0 else { throw .readFailed(source: path, reason: errnoDescription()) }
            let kind = status.st_mode & mode_t(S_IFMT)
            if kind == mode_t(S_IFDIR) { throw .readFailed(source: path, reason: "it is a directory") }
            if kind == mode_t(S_IFREG), status.st_size >= 8, status.st_size <= off_t(Int.max),
               let address = mmap(nil, Int(status.st_size), PROT_READ, MAP_PRIVATE, descriptor, 0),
               address != UnsafeMutableRawPointer(bitPattern: -1) {
                self.init(mapped: UnsafeRawPointer(address), count: Int(status.st_size))
                return
            }
            var bytes: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 1 << 20)
            while true {
                let got = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
                if got < 0 && errno == EINTR { continue }
                guard got >= 0 else { throw .readFailed(source: path, reason: errnoDescription()) }
                if got == 0 { break }
                bytes.append(contentsOf: chunk[0..<got])
            }
            self.init(copying: bytes)
        }

        deinit {
            guard let base else { return }
            if isMapped {
                munmap(UnsafeMutableRawPointer(mutating: base), count)
            } else {
                base.deallocate()
            }
        }
    }
}

// MARK: - JSON

extension SafeTensors {
    /// A parsed JSON value. Objects keep their members in order, duplicates included, so that
    /// duplicate tensor names are caught (Foundation's JSONSerialization silently keeps one).
    indirect enum JSONValue {
        case null
        case bool(Bool)
        case integer(Int)
        /// A number that is not an integer literal in `Int`'s range: its text.
        case number(String)
        case string(String)
        case array([JSONValue])
        case object([(key: String, value: JSONValue)])

        /// The elements when this is an array of integers.
        var integers: [Int]? {
            guard case let .array(items) = self else { return nil }
            var result: [Int] = []
            result.reserveCapacity(items.count)
            for item in items {
                guard case let .integer(value) = item else { return nil }
                result.append(value)
            }
            return result
        }

        /// "a string", "the number 1.5", "an array of 3 elements", for error messages.
        var kindDescription: String {
            switch self {
            case .null: "null"
            case let .bool(value): "\(value)"
            case let .integer(value): "the integer \(value)"
            case let .number(text):
                if text.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) }) {
                    "the integer \(Self.shortened(text)), out of range"
                } else {
                    "the number \(Self.shortened(text))"
                }
            case let .string(text): "the string \"\(Self.shortened(text))\""
            case let .array(items):
                if items.isEmpty { "an empty array" }
                else if integers != nil { "an array of \(items.count) integer\(items.count == 1 ? "" : "s")" }
                else if let item = items.first(where: { if case .integer = $0 { false } else { true } }) {
                    "an array containing \(item.kindDescription)"
                } else { "an array" }
            case .object: "an object"
            }
        }

        private static func shortened(_ text: String) -> String {
            text.count > 40 ? String(text.prefix(40)) + "..." : text
        }
    }

    struct JSONSyntaxError: Error {
        var offset: Int
        var problem: String
    }

    /// A strict RFC 8259 parser over bytes already checked to be UTF-8, with a nesting limit so
    /// that no input can exhaust the stack.
    struct JSONParser {
        let bytes: UnsafeRawBufferPointer
        var index = 0
        var depth = 0
        static let maximumDepth = 64

        init(bytes: UnsafeRawBufferPointer) {
            self.bytes = bytes
        }

        /// One value, surrounded by optional whitespace (writers pad the header with spaces).
        mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
            skipWhitespace()
            let value = try parseValue()
            skipWhitespace()
            guard index == bytes.count else { throw error("unexpected \(describeByte()) after the JSON value") }
            return value
        }

        private func error(_ problem: String) -> JSONSyntaxError {
            JSONSyntaxError(offset: index, problem: problem)
        }

        private func describeByte() -> String {
            guard index < bytes.count else { return "end of header" }
            let byte = bytes[index]
            if byte >= 0x21 && byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
            return "byte 0x\(String(byte, radix: 16, uppercase: true))"
        }

        private var current: UInt8? { index < bytes.count ? bytes[index] : nil }

        private mutating func skipWhitespace() {
            while let byte = current, byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
        }

        private mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
            guard current == byte else { throw error("expected \(what), found \(describeByte())") }
            index += 1
        }

        private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
            guard let byte = current else { throw error("expected a value, found end of header") }
            switch byte {
            case UInt8(ascii: "{"): return try parseObject()
            case UInt8(ascii: "["): return try parseArray()
            case UInt8(ascii: "\""): return .string(try parseString())
            case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
            case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
            case UInt8(ascii: "n"): try parseLiteral("null"); return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
            default: throw error("expected a value, found \(describeByte())")
            }
        }

        private mutating func parseLiteral(_ word: StaticString) throws(JSONSyntaxError) {
            let start = index
            for expected in UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount) {
                guard current == expected else {
                    index = start
                    throw error("expected a value, found \(describeByte())")
                }
                index += 1
            }
        }

        private mutating func nest() throws(JSONSyntaxError) {
            depth += 1
            guard depth <= Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
        }

        private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
            try nest()
            defer { depth -= 1 }
            index += 1   // {
            var members: [(key: String, value: JSONValue)] = []
            skipWhitespace()
            if current == UInt8(ascii: "}") { index += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard current == UInt8(ascii: "\"") else { throw error("expected a string key, found \(describeByte())") }
                let key = try parseString()
                skipWhitespace()
                try expect(UInt8(ascii: ":"), "':'")
                skipWhitespace()
                let value = try parseValue()
                members.append((key, value))
                skipWhitespace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "}"), "',' or '}'")
                return .object(members)
            }
        }

        private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
            try nest()
            defer { depth -= 1 }
            index += 1   // [
            var items: [JSONValue] = []
            skipWhitespace()
            if current == UInt8(ascii: "]") { index += 1; return .array(items) }
            while true {
                skipWhitespace()
                items.append(try parseValue())
                skipWhitespace()
                if current == UInt8(ascii: ",") { index += 1; continue }
                try expect(UInt8(ascii: "]"), "',' or ']'")
                return .array(items)
            }
        }

        private mutating func parseString() throws(JSONSyntaxError) -> String {
            index += 1   // opening quote
            var utf8: [UInt8] = []
            while true {
                guard let byte = current else { throw error("unterminated string") }
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return String(decoding: utf8, as: UTF8.self)
                case UInt8(ascii: "\\"):
                    index += 1
                    guard let escape = current else { throw error("unterminated string") }
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
                    case UInt8(ascii: "b"): utf8.append(0x08)
                    case UInt8(ascii: "f"): utf8.append(0x0C)
                    case UInt8(ascii: "n"): utf8.append(0x0A)
                    case UInt8(ascii: "r"): utf8.append(0x0D)
                    case UInt8(ascii: "t"): utf8.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try parseHex4()
                        if code >= 0xD800 && code < 0xDC00 {
                            guard current == UInt8(ascii: "\\"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "u") else {
                                throw error("unpaired surrogate \\u\(String(code, radix: 16, uppercase: true))")
                            }
                            index += 2
                            let low = try parseHex4()
                            guard low >= 0xDC00 && low < 0xE000 else {
                                throw error("unpaired surrogate \\u\(String(code, radix: 16, uppercase: true))")
                            }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else if code >= 0xDC00 && code < 0xE000 {
                            throw error("unpaired surrogate \\u\(String(code, radix: 16, uppercase: true))")
                        }
                        guard let scalar = Unicode.Scalar(code) else { throw error("invalid \\u escape") }
                        utf8.append(contentsOf: String(scalar).utf8)
                    default:
                        index -= 1
                        throw error("invalid escape '\\\(describeByte())'")
                    }
                default:
                    guard byte >= 0x20 else { throw error("unescaped control character \(describeByte()) in a string") }
                    utf8.append(byte)
                    index += 1
                }
            }
        }

        private mutating func parseHex4() throws(JSONSyntaxError) -> UInt32 {
            var code: UInt32 = 0
            for _ in 0..<4 {
                guard let byte = current else { throw error("unterminated \\u escape") }
                let digit: UInt8
                switch byte {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
                default: throw error("expected a hexadecimal digit in a \\u escape, found \(describeByte())")
                }
                code = code << 4 | UInt32(digit)
                index += 1
            }
            return code
        }

        private mutating func parseNumber() throws(JSONSyntaxError) -> JSONValue {
            let start = index
            var negative = false
            if current == UInt8(ascii: "-") { negative = true; index += 1 }
            var magnitude = 0
            var fits = true
            guard let first = current, first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9") else {
                throw error("expected a digit, found \(describeByte())")
            }
            if first == UInt8(ascii: "0") {
                index += 1
                if let next = current, next >= UInt8(ascii: "0") && next <= UInt8(ascii: "9") {
                    throw error("leading zero in a number")
                }
            } else {
                while let digit = current, digit >= UInt8(ascii: "0") && digit <= UInt8(ascii: "9") {
                    let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
                    let (sum, overflow2) = times10.addingReportingOverflow(Int(digit - UInt8(ascii: "0")))
                    if overflow1 || overflow2 { fits = false } else { magnitude = sum }
                    index += 1
                }
            }
            var integral = true
            if current == UInt8(ascii: ".") {
                integral = false
                index += 1
                guard let digit = current, digit >= UInt8(ascii: "0") && digit <= UInt8(ascii: "9") else {
                    throw error("expected a digit after '.', found \(describeByte())")
                }
                while let digit = current, digit >= UInt8(ascii: "0") && digit <= UInt8(ascii: "9") { index += 1 }
            }
            if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
                integral = false
                index += 1
                if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { index += 1 }
                guard let digit = current, digit >= UInt8(ascii: "0") && digit <= UInt8(ascii: "9") else {
                    throw error("expected a digit in the exponent, found \(describeByte())")
                }
                while let digit = current, digit >= UInt8(ascii: "0") && digit <= UInt8(ascii: "9") { index += 1 }
            }
            if integral && fits { return .integer(negative ? -magnitude : magnitude) }
            return .number(String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
        }
    }
}
