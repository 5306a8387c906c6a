import Foundation
import RecurrentCore
import Testing
@testable import SequenceTagging

@Suite(.serialized) struct TaggerTrainingTests {
    static func write(_ sentences: [TaggedSentence], _ name: String, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(TaggerTestData.conll(sentences).utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aTinyPartOfSpeechTaggerLearnsItsGrammarAndTagsUnseenNames() throws {
        let directory = try TaggerTestData.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let train = try Self.write(TaggerTestData.posSentences(300, seed: 1), "train.conll", in: directory)
        let dev = try Self.write(TaggerTestData.posSentences(60, seed: 2), "dev.conll", in: directory)
        let request = try TaggerTestData.request(train: train, dev: dev, in: directory)
        let result = try TaggerTraining.run(request)
        let best = try #require(result.bestValue)
        #expect(best >= 99, "dev accuracy \(best)")
        let model = try TaggerModel(contentsOf: request.outputPath)
        #expect(model.configuration.displayTagName == "tag" && !model.configuration.isEntityTagging)
        // Names it never saw (the character and shape features carry them) and numbers (digits read as 0).
        let tags = model.predict([["Zelda", "builds", "the", "machine", "."], ["the", "dog", "sees", "815", "the", "cat", "."]]).map(\.tags)
        #expect(tags[0] == ["PROPN", "VERB", "DET", "NOUN", "PUNCT"])
        #expect(tags[1][3] == "NUM")
        for path in [request.logPath, request.plotPath, request.checkpointPath] {
            #expect(FileManager.default.fileExists(atPath: path), "\(path)")
        }
        #expect(try String(contentsOfFile: request.plotPath, encoding: .utf8).contains("dev accuracy"))
    }

    @Test func anEntityTaggerLearnsInBIOESAndWritesTheFilesScheme() throws {
        let directory = try TaggerTestData.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        var trainSentences = TaggerTestData.entitySentences(300, seed: 1)
        // An extra type to drop, as in UNER's draft training file.
        trainSentences[0].tags[trainSentences[0].tags.count - 2] = "B-OTH"
        let train = try Self.write(trainSentences, "train.conll", in: directory)
        let dev = try Self.write(TaggerTestData.entitySentences(60, seed: 2), "dev.conll", in: directory)
        var request = try TaggerTestData.request(train: train, dev: dev, in: directory)
        request.types = ["PER", "ORG", "LOC"]
        let result = try TaggerTraining.run(request)
        #expect(try #require(result.bestValue) >= 98)
        let model = try TaggerModel(contentsOf: request.outputPath)
        #expect(model.configuration.labelScheme == .bioes && model.configuration.fileScheme == .bio)
        #expect(!model.tags.labels.contains { $0.hasSuffix("OTH") })
        #expect(model.tags.labels.contains("S-LOC"))
        let sentence = ["Grace", "Hopper", "works", "at", "Globex", "Corp", "in", "Lima", "."]
        #expect(model.predict([sentence])[0].tags == ["B-PER", "I-PER", "O", "O", "B-ORG", "I-ORG", "O", "B-LOC", "O"])
        #expect(model.predict([sentence], scheme: .bioes)[0].tags == ["B-PER", "E-PER", "O", "O", "B-ORG", "E-ORG", "O", "S-LOC", "O"])
        // Alternatives in BIO merge S-/B- and E-/I-.
        let alternatives = model.predict([sentence], alternatives: 2)[0].alternatives
        #expect(alternatives[7][0].tag == "B-LOC" && alternatives[7][0].probability > 0.9)
    }

    /// Interrupted after 11 steps and resumed: the same model, bit for bit, and the same log.
    @Test func aResumedRunEqualsTheUninterruptedOne() throws {
        // The thread count stays as it is: it is global, and RecurrentCoreTests' thread-count
        // suite must not see it change under it. Both runs use the same count.
        let data = try TaggerTestData.scratch(), whole = try TaggerTestData.scratch(), parts = try TaggerTestData.scratch()
        defer { for d in [data, whole, parts] { try? FileManager.default.removeItem(at: d) } }
        let train = try Self.write(TaggerTestData.entitySentences(120, seed: 4), "train.conll", in: data)
        let dev = try Self.write(TaggerTestData.entitySentences(20, seed: 5), "dev.conll", in: data)
        let uninterrupted = try TaggerTestData.request(train: train, dev: dev, in: whole, epochs: 2)
        try TaggerTraining.run(uninterrupted)

        var interrupted = try TaggerTestData.request(train: train, dev: dev, in: parts, epochs: 2)
        let stopped = try TaggerTestData.runStopping(interrupted, afterSteps: 11)
        #expect(stopped.interrupted && stopped.steps == 11)
        interrupted.resumePath = interrupted.checkpointPath
        #expect(try !TaggerTraining.run(interrupted).interrupted)

        let a = try TaggerModel(contentsOf: uninterrupted.outputPath), b = try TaggerModel(contentsOf: interrupted.outputPath)
        for (x, y) in zip(a.parameters, b.parameters) { #expect(x.value.values == y.value.values, "\(x.name)") }
        func withoutTimes(_ path: String) throws -> [String] {
            try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).dropLast().joined(separator: ",") }
        }
        #expect(try withoutTimes(uninterrupted.logPath) == withoutTimes(interrupted.logPath))

        // Other data is refused.
        let otherTrain = try Self.write(TaggerTestData.entitySentences(120, seed: 6), "other.conll", in: data)
        var other = try TaggerTestData.request(train: otherTrain, dev: dev, in: parts, epochs: 2)
        other.resumePath = interrupted.checkpointPath
        #expect { try TaggerTraining.run(other) } throws: { "\($0)".contains("cannot resume: it was trained on other data") }
    }

    @Test func badDataIsANamedErrorBeforeTraining() throws {
        let directory = try TaggerTestData.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let empty = directory.appendingPathComponent("empty.conll").path
        try Data().write(to: URL(fileURLWithPath: empty))
        let good = try Self.write(TaggerTestData.posSentences(5, seed: 1), "good.conll", in: directory)
        #expect { try TaggerTraining.run(try TaggerTestData.request(train: empty, dev: good, in: directory)) } throws: {
            "\($0)" == "\(empty): no tagged sentences; a tagger needs at least one."
        }
        var types = try TaggerTestData.request(train: good, dev: good, in: directory)
        types.types = ["PER"]
        #expect { try TaggerTraining.run(types) } throws: { "\($0)".contains("--types needs entity tags") }
        var unwritable = try TaggerTestData.request(train: good, dev: good, in: directory)
        unwritable.outputPath = directory.appendingPathComponent("missing/t.quill").path
        #expect { try TaggerTraining.run(unwritable) } throws: { "\($0)".contains("does not exist") }
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("t.quill").path))
    }
}
