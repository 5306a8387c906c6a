import FileOutput
import Foundation
import Testing
@testable import RecurrentCore

@Suite struct SafeTensorsTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    static let source = "model.quill"

    /// An 8-byte little-endian length (the header's, unless `declaredLength` says otherwise),
    /// the header text, then `data`.
    static func file(_ header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
        file(Array(header.utf8), data: data, declaredLength: declaredLength)
    }

    static func file(_ header: [UInt8], data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
        let length = declaredLength ?? UInt64(header.count)
        return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) } + header + data
    }

    /// `{"name":{"dtype":..,"shape":..,"data_offsets":[begin,end]}}` member text.
    static func entry(_ name: String, _ dtype: String = "F32", _ shape: String, _ begin: Int, _ end: Int) -> String {
        "\"\(name)\":{\"dtype\":\"\(dtype)\",\"shape\":\(shape),\"data_offsets\":[\(begin),\(end)]}"
    }

    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("quill-safetensors-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func sample() -> [(name: String, tensor: Tensor)] {
        [
            ("weight", Tensor(shape: [2, 3], values: [1, -2, 3.5, 0, .infinity, -0.0])),
            ("scalar", Tensor(shape: [], values: [42])),
            ("empty", Tensor(zeros: [0])),
            ("empty_matrix", Tensor(zeros: [2, 0, 3])),
            ("layer.0 \"quoted\"\n/ünï🐳", Tensor(shape: [4], values: [0.25, 0.5, 0.75, 1])),
        ]
    }

    static let sampleMetadata = ["cell": "lstm", "config": "{\"hidden\": 4, \"path\": \"a\\\\b\"}", "note": "tab\there ✓"]

    // MARK: Round trip and writer layout

    @Test func roundTripKeepsNamesShapesValuesAndMetadata() throws {
        let tensors = Self.sample()
        let bytes = SafeTensors.encode(tensors, metadata: Self.sampleMetadata)
        #expect(bytes == SafeTensors.encode(tensors, metadata: Self.sampleMetadata))   // stable bytes

        let file = try SafeTensors(bytes: bytes, source: Self.source)
        #expect(file.names == tensors.map(\.name))
        #expect(file.metadata == Self.sampleMetadata)
        for (name, tensor) in tensors {
            let loaded = try file.tensor(name)
            #expect(loaded.shape == tensor.shape, "\(name)")
            #expect(loaded.values.map(\.bitPattern) == tensor.values.map(\.bitPattern), "\(name)")
            #expect(file.shape(of: name) == tensor.shape)
            #expect(file.dtype(of: name) == "F32")
        }
        #expect(file.shape(of: "absent") == nil)
        #expect(file.dtype(of: "absent") == nil)
    }

    @Test func writerPadsTheHeaderToEightBytesAndLaysTensorsOutContiguously() throws {
        let tensors = Self.sample()
        for metadata in [[:], Self.sampleMetadata] {
            let bytes = SafeTensors.encode(tensors, metadata: metadata)
            let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
            #expect(length % 8 == 0)
            let header = Array(bytes[8..<(8 + length)])
            #expect(header.first == UInt8(ascii: "{"))
            let closing = try #require(header.lastIndex(of: UInt8(ascii: "}")))
            #expect(header[(closing + 1)...].allSatisfy { $0 == UInt8(ascii: " ") })
            #expect(header.count - closing - 1 < 8)

            // An independent JSON parser reads it by the format's rules.
            let json = try #require(try JSONSerialization.jsonObject(with: Data(header)) as? [String: Any])
            #expect((json["__metadata__"] as? [String: String]) == (metadata.isEmpty ? nil : metadata))
            var offset = 0
            for (name, tensor) in tensors {
                let entry = try #require(json[name] as? [String: Any], "\(name)")
                #expect(entry["dtype"] as? String == "F32")
                #expect(entry["shape"] as? [Int] == tensor.shape)
                #expect(entry["data_offsets"] as? [Int] == [offset, offset + 4 * tensor.count])
                let data = bytes[(8 + length + offset)...].prefix(4 * tensor.count)
                let values = stride(from: data.startIndex, to: data.endIndex, by: 4).map { start in
                    Float(bitPattern: (0..<4).reduce(UInt32(0)) { $0 | UInt32(data[start + $1]) << (8 * UInt32($1)) })
                }
                #expect(values.map(\.bitPattern) == tensor.values.map(\.bitPattern))
                offset += 4 * tensor.count
            }
            #expect(bytes.count == 8 + length + offset)
        }
    }

    // MARK: Reading

    @Test func readsThePythonWrittenFixture() throws {
        let path = Self.fixtures.appendingPathComponent("lstm_padded.safetensors").path
        let file = try SafeTensors(contentsOf: path)
        #expect(file.names.count == 29)
        #expect(file.names.prefix(3) == ["input", "lengths", "h0"])
        #expect(file.metadata["cell"] == "lstm")
        #expect(file.metadata["hidden_size"] == "4")
        let input = try file.tensor("input")
        #expect(input.shape == [6, 3, 3])
        #expect(input.values.allSatisfy { $0.isFinite })
        #expect(file.dtype(of: "lengths") == "I64")
        #expect(try file.int64s("lengths") == [6, 4, 2])
        #expect(try file.tensor("weight_ih_l0_reverse").shape == [16, 3])

        // Memory-mapped and in-memory reads agree.
        let copy = try SafeTensors(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: path))), source: path)
        #expect(copy.names == file.names)
        #expect(try copy.tensor("output").values == (try file.tensor("output").values))
    }

    @Test func missingNamesAndWrongDTypesAreClearErrors() throws {
        let path = Self.fixtures.appendingPathComponent("lstm_padded.safetensors").path
        let file = try SafeTensors(contentsOf: path)
        #expect(throws: ModelFileError.noTensor(source: path, name: "weight_hh_l1")) { try file.tensor("weight_hh_l1") }
        #expect(throws: ModelFileError.noTensor(source: path, name: "weight_hh_l1")) { try file.int64s("weight_hh_l1") }
        #expect(ModelFileError.noTensor(source: "model.quill", name: "weight_hh_l1").description
            == "model.quill: no tensor named 'weight_hh_l1'.")
        do {
            _ = try file.tensor("lengths")
            Issue.record("an I64 tensor read as floats")
        } catch {
            #expect(error == .wrongDType(source: path, tensor: "lengths", dtype: "I64", expected: ["F32", "F16", "BF16", "F64"]))
            #expect(error.description == "\(path): tensor 'lengths' has dtype I64, expected F32, F16, BF16 or F64.")
        }
        #expect(throws: ModelFileError.self) { try file.int64s("input") }
    }

    @Test func convertsHalfBFloatAndDoubleAndWidensIntegers() throws {
        func littleEndian<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
            values.flatMap { value in (0..<(T.bitWidth / 8)).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        }
        let half: [UInt16] = [0x3C00, 0xC000, 0x3800, 0x0001, 0x7C00, 0x8000]   // 1, -2, 0.5, 2^-24, inf, -0
        let bfloat: [UInt16] = [0x3F80, 0xC040]                                    // 1, -3
        let double: [UInt64] = [1.5, -1e-3].map(\.bitPattern)
        let int32: [Int32] = [-7, 2_000_000_000]
        let int8: [Int8] = [-1, 127]
        let data = littleEndian(half) + littleEndian(bfloat) + littleEndian(double) + littleEndian(int32) + littleEndian(int8)
        // 13 bytes of header: not a multiple of 8, so every load is unaligned.
        let header = "{" + [
            Self.entry("h", "F16", "[2,3]", 0, 12),
            Self.entry("b", "BF16", "[2]", 12, 16),
            Self.entry("d", "F64", "[2]", 16, 32),
            Self.entry("i", "I32", "[2]", 32, 40),
            Self.entry("j", "I8", "[2]", 40, 42),
        ].joined(separator: ",") + "}"
        #expect((8 + header.utf8.count) % 4 != 0)
        let file = try SafeTensors(bytes: Self.file(header, data: data), source: Self.source)
        let h = try file.tensor("h")
        #expect(h.shape == [2, 3])
        #expect(h.values.map(\.bitPattern) == [1, -2, 0.5, 0x1p-24, .infinity, -0.0].map { (x: Float) in x.bitPattern })
        #expect(try file.tensor("b").values == [1, -3])
        #expect(try file.tensor("d").values == [1.5, Float(-1e-3)])
        #expect(try file.int64s("i") == [-7, 2_000_000_000])
        #expect(try file.int64s("j") == [-1, 127])
        #expect(SafeTensors.float(half: 0x7E00).isNaN)
        #expect(SafeTensors.float(half: 0x7BFF) == 65504)
        #expect(SafeTensors.float(half: 0x03FF) == Float(0x3FF) * 0x1p-24)
    }

    @Test func nullMetadataAndExtraFieldsAreAccepted() throws {
        let header = "{\"__metadata__\":null,\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"note\":[1,{}]}}"
        let file = try SafeTensors(bytes: Self.file(header, data: [0, 0, 0x80, 0x3F]), source: Self.source)
        #expect(file.metadata.isEmpty)
        #expect(try file.tensor("a").values == [1])
    }

    // MARK: Validation

    struct BadFile: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: [UInt8]
        var error: ModelFileError
        var testDescription: String { name }
    }

    static let s = source
    static let f32x1 = entry("a", "F32", "[1]", 0, 4)

    static let badFiles: [BadFile] = [
        BadFile(name: "empty file", bytes: [], error: .fileTooShort(source: s, size: 0)),
        BadFile(name: "shorter than 8 bytes", bytes: [1, 0, 0], error: .fileTooShort(source: s, size: 3)),
        BadFile(name: "absurd header length", bytes: file("{}", declaredLength: 200_000_000),
                error: .headerTooLarge(source: s, length: 200_000_000, limit: 100_000_000)),
        BadFile(name: "header length UInt64.max", bytes: file("{}", declaredLength: .max),
                error: .headerTooLarge(source: s, length: .max, limit: 100_000_000)),
        BadFile(name: "header longer than the file", bytes: file("{\"a\":", declaredLength: 100),
                error: .truncatedHeader(source: s, length: 100, available: 5)),
        BadFile(name: "header not UTF-8", bytes: file([0x7B, 0x22, 0x61, 0xFF, 0x22, 0x3A, 0x31, 0x7D]),
                error: .headerNotUTF8(source: s, offset: 3)),
        BadFile(name: "header not JSON", bytes: file("{\"a\": }"),
                error: .headerNotJSON(source: s, offset: 6, problem: "expected a value, found '}'")),
        BadFile(name: "empty header", bytes: file(""),
                error: .headerNotJSON(source: s, offset: 0, problem: "expected a value, found end of header")),
        BadFile(name: "text after the JSON", bytes: file("{} x"),
                error: .headerNotJSON(source: s, offset: 3, problem: "unexpected 'x' after the JSON value")),
        BadFile(name: "nesting too deep", bytes: file(String(repeating: "[", count: 10_000)),
                error: .headerNotJSON(source: s, offset: 64, problem: "nesting deeper than 64 levels")),
        BadFile(name: "unpaired surrogate", bytes: file("{\"\\uD800x\":1}"),
                error: .headerNotJSON(source: s, offset: 8, problem: "unpaired surrogate \\uD800")),
        BadFile(name: "header not an object", bytes: file("[1,2]"),
                error: .headerNotObject(source: s, found: "an array of 2 integers")),
        BadFile(name: "entry not an object", bytes: file("{\"a\":3}"),
                error: .entryNotObject(source: s, tensor: "a", found: "the integer 3")),
        BadFile(name: "missing dtype", bytes: file("{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]),
                error: .missingField(source: s, tensor: "a", field: "dtype")),
        BadFile(name: "missing shape", bytes: file("{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]),
                error: .missingField(source: s, tensor: "a", field: "shape")),
        BadFile(name: "missing data_offsets", bytes: file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1]}}", data: [0, 0, 0, 0]),
                error: .missingField(source: s, tensor: "a", field: "data_offsets")),
        BadFile(name: "dtype not a string", bytes: file("{\"a\":{\"dtype\":32,\"shape\":[1],\"data_offsets\":[0,4]}}"),
                error: .wrongFieldType(source: s, tensor: "a", field: "dtype", expected: "a string", found: "the integer 32")),
        BadFile(name: "shape not an array", bytes: file("{" + entry("a", "F32", "\"1\"", 0, 4) + "}"),
                error: .wrongFieldType(source: s, tensor: "a", field: "shape", expected: "an array of integers", found: "the string \"1\"")),
        BadFile(name: "fractional dimension", bytes: file("{" + entry("a", "F32", "[1.5]", 0, 4) + "}"),
                error: .wrongFieldType(source: s, tensor: "a", field: "shape", expected: "an array of integers",
                                       found: "an array containing the number 1.5")),
        BadFile(name: "dimension beyond Int", bytes: file("{" + entry("a", "F32", "[99999999999999999999]", 0, 4) + "}"),
                error: .wrongFieldType(source: s, tensor: "a", field: "shape", expected: "an array of integers",
                                       found: "an array containing the integer 99999999999999999999, out of range")),
        BadFile(name: "one data offset", bytes: file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4]}}"),
                error: .wrongFieldType(source: s, tensor: "a", field: "data_offsets", expected: "an array of two integers [begin, end]",
                                       found: "an array of 1 integer")),
        BadFile(name: "unknown dtype", bytes: file("{" + entry("a", "F128", "[1]", 0, 16) + "}"),
                error: .unknownDType(source: s, tensor: "a", dtype: "F128")),
        BadFile(name: "negative dimension", bytes: file("{" + entry("a", "F32", "[2,-1]", 0, 4) + "}"),
                error: .negativeDimension(source: s, tensor: "a", shape: [2, -1])),
        BadFile(name: "element count overflows", bytes: file("{" + entry("a", "F32", "[4611686018427387904,4,0]", 0, 0) + "}"),
                error: .shapeTooLarge(source: s, tensor: "a", shape: [4_611_686_018_427_387_904, 4, 0])),
        BadFile(name: "byte count overflows", bytes: file("{" + entry("a", "F64", "[4611686018427387904]", 0, 0) + "}"),
                error: .shapeTooLarge(source: s, tensor: "a", shape: [4_611_686_018_427_387_904])),
        BadFile(name: "begin after end", bytes: file("{" + entry("a", "F32", "[1]", 8, 4) + "}", data: [UInt8](repeating: 0, count: 8)),
                error: .invalidOffsets(source: s, tensor: "a", begin: 8, end: 4)),
        BadFile(name: "negative offset", bytes: file("{" + entry("a", "F32", "[1]", -4, 0) + "}"),
                error: .invalidOffsets(source: s, tensor: "a", begin: -4, end: 0)),
        BadFile(name: "end beyond the data", bytes: file("{" + entry("a", "F32", "[4]", 0, 16) + "}", data: [UInt8](repeating: 0, count: 10)),
                error: .truncatedData(source: s, tensor: "a", end: 16, available: 10)),
        BadFile(name: "end near Int.max", bytes: file("{" + entry("a", "F32", "[1]", 9223372036854775803, 9223372036854775807) + "}"),
                error: .truncatedData(source: s, tensor: "a", end: .max, available: 0)),
        BadFile(name: "byte length not elements times size", bytes: file("{" + entry("a", "F32", "[3]", 0, 8) + "}", data: [UInt8](repeating: 0, count: 8)),
                error: .byteLengthMismatch(source: s, tensor: "a", dtype: "F32", shape: [3], byteLength: 8, expected: 12)),
        BadFile(name: "overlapping tensors",
                bytes: file("{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}", data: [UInt8](repeating: 0, count: 12)),
                error: .overlappingTensors(source: s, tensor: "b", other: "a")),
        BadFile(name: "same bytes twice",
                bytes: file("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "I32", "[1]", 0, 4) + "}", data: [0, 0, 0, 0]),
                error: .overlappingTensors(source: s, tensor: "b", other: "a")),
        BadFile(name: "gap between tensors",
                bytes: file("{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}", data: [UInt8](repeating: 0, count: 12)),
                error: .gapBeforeTensor(source: s, tensor: "b", from: 4, to: 8)),
        BadFile(name: "gap at the start", bytes: file("{" + entry("a", "F32", "[1]", 4, 8) + "}", data: [UInt8](repeating: 0, count: 8)),
                error: .gapBeforeTensor(source: s, tensor: "a", from: 0, to: 4)),
        BadFile(name: "bytes after the last tensor", bytes: file("{" + f32x1 + "}", data: [UInt8](repeating: 0, count: 8)),
                error: .trailingBytes(source: s, count: 4, after: "a")),
        BadFile(name: "data but no tensors", bytes: file("{}", data: [1, 2, 3]),
                error: .trailingBytes(source: s, count: 3, after: nil)),
        BadFile(name: "duplicate tensor name",
                bytes: file("{" + f32x1 + "," + entry("a", "F32", "[1]", 4, 8) + "}", data: [UInt8](repeating: 0, count: 8)),
                error: .duplicateName(source: s, name: "a")),
        BadFile(name: "duplicate field",
                bytes: file("{\"a\":{\"dtype\":\"F32\",\"dtype\":\"I32\",\"shape\":[1],\"data_offsets\":[0,4]}}", data: [0, 0, 0, 0]),
                error: .duplicateField(source: s, tensor: "a", field: "dtype")),
        BadFile(name: "metadata value not a string", bytes: file("{\"__metadata__\":{\"epochs\":3}}"),
                error: .metadataValueNotString(source: s, key: "epochs", found: "the integer 3")),
        BadFile(name: "metadata not an object", bytes: file("{\"__metadata__\":[\"a\"]}"),
                error: .metadataNotObject(source: s, found: "an array containing the string \"a\"")),
        BadFile(name: "duplicate metadata key", bytes: file("{\"__metadata__\":{\"k\":\"1\",\"k\":\"2\"}}"),
                error: .duplicateMetadataKey(source: s, key: "k")),
        BadFile(name: "metadata given twice", bytes: file("{\"__metadata__\":{},\"__metadata__\":{}}"),
                error: .duplicateName(source: s, name: "__metadata__")),
    ]

    @Test(arguments: badFiles)
    func invalidFilesGiveTheirError(_ bad: BadFile) {
        do {
            let file = try SafeTensors(bytes: bad.bytes, source: Self.source)
            Issue.record("loaded with tensors \(file.names)")
        } catch {
            #expect(error == bad.error)
            #expect(error.description.hasPrefix("model.quill: "))
            #expect(error.description.hasSuffix("."))
        }
    }

    @Test func errorDescriptionsNameTheTensorAndWhatIsMissing() {
        let truncated = ModelFileError.truncatedData(source: "model.quill", tensor: "bias", end: 4096, available: 4000)
        #expect(truncated.description == "model.quill: tensor 'bias' ends at byte 4096 of the data but the file holds only 4000 data bytes; the file is truncated (96 bytes missing).")
        let header = ModelFileError.truncatedHeader(source: "model.quill", length: 100, available: 5)
        #expect(header.description.contains("95 bytes missing"))
        #expect(ModelFileError.duplicateName(source: "m", name: "w").description == "m: the header lists tensor 'w' more than once.")
    }

    // MARK: Robustness

    @Test func everyTruncationThrowsAndNeverCrashes() throws {
        let bytes = Array(try Data(contentsOf: Self.fixtures.appendingPathComponent("lstm_padded.safetensors")))
        var loaded: [Int] = []
        var kinds = Set<String>()
        for length in 0..<bytes.count {
            do {
                _ = try SafeTensors(bytes: Array(bytes[0..<length]), source: Self.source)
                loaded.append(length)
            } catch {
                kinds.insert(Mirror(reflecting: error).children.first?.label ?? "\(error)")
            }
        }
        #expect(loaded == [])
        #expect(kinds == ["fileTooShort", "truncatedHeader", "truncatedData"])
        _ = try SafeTensors(bytes: bytes, source: Self.source)
    }

    @Test func randomByteFlipsInTheHeaderNeverCrash() throws {
        let original = SafeTensors.encode(Self.sample(), metadata: Self.sampleMetadata)
        let headerEnd = 8 + original.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        var random = Self.SplitMix64(seed: 0x5AFE_7E45)
        var failures = 0
        for iteration in 0..<500 {
            var bytes = original
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                // Mostly the JSON, sometimes the length field.
                let index = iteration % 10 == 0 ? Int.random(in: 0..<8, using: &random) : Int.random(in: 8..<headerEnd, using: &random)
                bytes[index] = iteration % 3 == 0 ? UInt8.random(in: 0...255, using: &random) : bytes[index] ^ (1 << UInt8.random(in: 0..<8, using: &random))
            }
            do {
                let file = try SafeTensors(bytes: bytes, source: Self.source)
                for name in file.names {
                    _ = try? file.tensor(name)
                    _ = try? file.int64s(name)
                }
            } catch {
                failures += 1
                #expect(error.description.hasPrefix("model.quill: "))
            }
        }
        #expect(failures > 250)
    }

    // MARK: Files

    @Test func writeReplacesTheFileAtomicallyAndLeavesNoTemporary() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.quill").path
        try "old model".write(toFile: path, atomically: false, encoding: .utf8)

        try SafeTensors.write(Self.sample(), metadata: Self.sampleMetadata, to: path)
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == SafeTensors.encode(Self.sample(), metadata: Self.sampleMetadata))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.quill"])
        let file = try SafeTensors(contentsOf: path)
        #expect(file.metadata == Self.sampleMetadata)
        #expect(try file.tensor("weight").values.prefix(3) == [1, -2, 3.5])
    }

    @Test func anInterruptedWriteLeavesTheOldFileAndNoTemporary() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.quill").path
        try SafeTensors.write(Self.sample(), metadata: [:], to: path)
        let old = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            let output = try AtomicFile(path: path)
            try output.write(Array(SafeTensors.encode(Self.sample(), metadata: ["new": "yes"]).prefix(100)))
            #expect(FileManager.default.fileExists(atPath: output.temporaryPath))
        }   // dropped before commit, as when an error or a signal handler stops the writer
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == old)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.quill"])
    }

    @Test func writeRefusesNamesTheFormatCannotHold() throws {
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.quill").path
        let w = Tensor(zeros: [1])
        #expect(throws: ModelFileError.invalidTensorName(path: path, name: "w", reason: "the name appears more than once")) {
            try SafeTensors.write([("w", w), ("w", w)], metadata: [:], to: path)
        }
        #expect(throws: ModelFileError.self) { try SafeTensors.write([("__metadata__", w)], metadata: [:], to: path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == [])
    }

    @Test func fileSystemErrorsNameThePath() throws {
        #expect(throws: ModelFileError.cannotCreate(path: "/nonexistent-dir/model.quill", reason: "No such file or directory")) {
            try SafeTensors.write([], metadata: [:], to: "/nonexistent-dir/model.quill")
        }
        #expect(throws: ModelFileError.cannotOpen(source: "/nonexistent-dir/model.quill", reason: "No such file or directory")) {
            _ = try SafeTensors(contentsOf: "/nonexistent-dir/model.quill")
        }
        let directory = try Self.scratchDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(throws: ModelFileError.readFailed(source: directory.path, reason: "it is a directory")) {
            _ = try SafeTensors(contentsOf: directory.path)
        }
        let short = directory.appendingPathComponent("short.quill").path
        try Data([1, 2, 3]).write(to: URL(fileURLWithPath: short))
        #expect(throws: ModelFileError.fileTooShort(source: short, size: 3)) { _ = try SafeTensors(contentsOf: short) }
        let empty = directory.appendingPathComponent("empty.quill").path
        try SafeTensors.write([], metadata: [:], to: empty)
        #expect(try SafeTensors(contentsOf: empty).names == [])
    }

    /// A small seeded generator (SplitMix64), so the fuzz loop is the same on every run.
    struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }
}
