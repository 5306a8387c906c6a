import Foundation
import RecurrentCore
import Testing

@Suite struct ModelFileTests {
    static func scratchFile() throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("quill-modelfile-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appendingPathComponent("model.quill").path
    }

    static func sampleModel() -> Linear {
        var generator = SplitMix64(seed: 3)
        let layer = Linear(inputSize: 3, outputSize: 2)
        layer.initialize(using: &generator)
        return layer
    }

    static func write(_ layer: Linear, to path: String, kind: String = "test") throws {
        try ModelFile.write(kind: kind, tensors: layer.parameters.map { ($0.name, $0.value) },
                            metadata: ["config": #"{"in":3,"out":2}"#], to: path)
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        var crc = CRC32()
        crc.update(Array("123456789".utf8))
        #expect(crc.value == 0xCBF4_3926)
        var split = CRC32()
        split.update(Array("12345".utf8))
        split.update(Array("6789".utf8))
        #expect(split.value == crc.value)
        var long = CRC32()
        long.update([UInt8](repeating: 0xAB, count: 1000))
        #expect(long.hexadecimal.count == 8)
    }

    @Test func roundTripRestoresParametersAndMetadata() throws {
        let path = try Self.scratchFile()
        let layer = Self.sampleModel()
        try Self.write(layer, to: path)
        let file = try ModelFile(contentsOf: path, kinds: ["test"])
        #expect(file.kind == "test" && file.formatVersion == ModelFile.currentFormatVersion)
        #expect(try file.value("config") == #"{"in":3,"out":2}"#)
        let copy = Linear(inputSize: 3, outputSize: 2)
        try file.load(copy.parameters)
        #expect(copy.weight.values == layer.weight.values && copy.bias.values == layer.bias.values)
    }

    @Test func badModelFilesNameTheFileAndTheProblem() throws {
        let path = try Self.scratchFile()
        try Self.write(Self.sampleModel(), to: path)
        let good = try Data(contentsOf: URL(fileURLWithPath: path))

        // Another kind.
        #expect(throws: ModelFileError.wrongKind(source: path, kind: "test", expected: ["tagger"])) {
            try ModelFile(contentsOf: path, kinds: ["tagger"])
        }
        // Shapes that disagree with the configuration.
        let bigger = Linear(inputSize: 4, outputSize: 2)
        #expect(throws: ModelFileError.shapeMismatch(source: path, tensor: "weight", shape: [2, 3], expected: [2, 4])) {
            try ModelFile(contentsOf: path).load(bigger.parameters)
        }
        // A flipped data byte.
        var corrupt = good
        corrupt[corrupt.count - 3] ^= 0x40
        try corrupt.write(to: URL(fileURLWithPath: path))
        #expect {
            try ModelFile(contentsOf: path)
        } throws: { error in
            guard case .checksumMismatch(let source, _, _) = error as? ModelFileError else { return false }
            return source == path && "\(error)".contains("corrupt")
        }
        // Truncated.
        try good.prefix(good.count - 5).write(to: URL(fileURLWithPath: path))
        #expect {
            try ModelFile(contentsOf: path)
        } throws: { error in
            guard case .truncatedData = error as? ModelFileError else { return false }
            return "\(error)".hasPrefix(path) && "\(error)".contains("truncated")
        }
        // A safetensors file from elsewhere, and a newer format version.
        let plain = Tensor(shape: [1], values: [1])
        try SafeTensors.write([("x", plain)], metadata: [:], to: path)
        #expect(throws: ModelFileError.notAQuillModel(source: path)) { try ModelFile(contentsOf: path) }
        try SafeTensors.write([("x", plain)], metadata: ["format": "quill", "format_version": "99", "kind": "test", "data_crc32": "0"], to: path)
        #expect(throws: ModelFileError.newerFormatVersion(source: path, version: 99, supported: ModelFile.currentFormatVersion)) {
            try ModelFile(contentsOf: path)
        }
        let newer = ModelFileError.newerFormatVersion(source: path, version: 99, supported: 1).description
        #expect(newer.hasPrefix(path + ": model format version 99"))
    }
}
