import Foundation
import RecurrentCore
import Testing
import VocabularyStore
import _TestSupport
@testable import SequenceTagging

/// The auxiliary output (`--auxiliary-column`): a second softmax head on the top features that
/// learns another column of the training files beside the tags.
@Suite(.serialized) struct AuxiliaryOutputTests {
    static let sentences = TaggerModelTests.sentences
    static let tagIDs = [[0, 3, 0, 1, 1, 2], [1, 1], [0, 1]]
    /// Over `auxiliaryTags`: DT NN NNP . VBZ.
    static let auxiliaryTagIDs = [[2, 4, 0, 1, 1, 3], [2, 1], [0, 1]]
    static let auxiliaryTags = ["DT", "NN", "NNP", ".", "VBZ"]

    /// ``TaggerModelTests/model(output:attention:scheme:tags:)`` with an auxiliary output for XPOS.
    static func model(output: TaggerConfiguration.Output, attention: Bool) -> TaggerModel {
        var configuration = TaggerConfiguration(wordEmbedding: 5, characterEmbedding: 3, characterHidden: 3, shapeEmbedding: 2,
                                                hidden: 4, layers: 2, dropout: 0, wordDropout: 0, output: output, attention: attention)
        configuration.auxiliaryColumn = "xpos"
        let words = Vocabulary(counting: ["the", "cat", "sees", "ada", "."], specials: .unknownOnly)
        let characters = Vocabulary(counting: "Adaseth.".map(String.init), specials: .unknownOnly)
        let model = TaggerModel(configuration: configuration, words: words, characters: characters,
                                tags: try! LabelSet(["DET", "NOUN", "PUNCT", "VERB"]), auxiliaryTags: try! LabelSet(auxiliaryTags))
        model.initialize(seed: 7)
        return model
    }

    static func write(_ text: String, _ name: String, in directory: URL) throws -> String {
        let path = directory.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// Every parameter's gradient of main loss + 0.7 x auxiliary loss against central finite
    /// differences: the auxiliary head's own, and, through the top features it shares, every
    /// parameter below it.
    @Test(arguments: [(TaggerConfiguration.Output.crf, true), (.crf, false), (.softmax, true), (.softmax, false)])
    func auxiliaryGradientsMatchFiniteDifferences(output: TaggerConfiguration.Output, attention: Bool) {
        let model = Self.model(output: output, attention: attention)
        let weight: Float = 0.7
        var generator = SplitMix64(seed: 1)
        model.zeroGradients()
        let trained = model.accumulateGradients(sentences: Self.sentences, tagIDs: Self.tagIDs, auxiliaryTagIDs: Self.auxiliaryTagIDs,
                                                auxiliaryWeight: weight, generator: &generator)
        let analytic = model.parameters.map { $0.gradient.values }
        func loss() -> Double {
            var unused = SplitMix64(seed: 1)
            let input = model.encode(Self.sentences)
            let scores = model.emissions(for: input, training: false, generator: &unused)
            let main = model.loss(emissions: scores, input: input, tagIDs: Self.tagIDs).loss
            let auxiliaryScores = model.auxiliaryEmissions()!
            let auxiliary = model.auxiliaryLoss(scores: auxiliaryScores, input: input, tagIDs: Self.auxiliaryTagIDs).loss
            return Double(main) + Double(weight) * Double(auxiliary)
        }
        #expect(abs(Double(trained.loss) - loss()) < 1e-4 * max(1, loss()))
        #expect(model.parameters.contains { $0.name == "auxiliary_output.weight" })
        for (index, parameter) in model.parameters.enumerated() {
            let count = min(parameter.value.count, 40)
            let numerical = GradientCheck.numericalGradient(of: parameter.value.pointer, count: count, step: 1e-2, loss: loss)
            let error = GradientCheck.relativeError(Array(analytic[index].prefix(count)), numerical)
            #expect(error < 2e-3, "\(parameter.name): relative error \(error)")
        }
    }

    /// With a CRF the auxiliary cross-entropy is summed over each sentence and averaged over the
    /// sentences (as the CRF's likelihood is); with a softmax it is averaged over the tokens.
    @Test(arguments: TaggerConfiguration.Output.allCases)
    func theAuxiliaryLossIsNormalisedAsTheMainLoss(output: TaggerConfiguration.Output) {
        let model = Self.model(output: output, attention: false)
        var generator = SplitMix64(seed: 1)
        let input = model.encode(Self.sentences)
        _ = model.emissions(for: input, training: false, generator: &generator)
        let scores = model.auxiliaryEmissions()!
        #expect(scores.shape == [6, 3, Self.auxiliaryTags.count])
        var total = 0.0, tokens = 0
        for (b, sentence) in Self.auxiliaryTagIDs.enumerated() {
            for (t, tag) in sentence.enumerated() {
                let row = (0..<Self.auxiliaryTags.count).map { Double(scores.pointer[(t * 3 + b) * Self.auxiliaryTags.count + $0]) }
                total += log(row.map(exp).reduce(0, +)) - row[tag]
                tokens += 1
            }
        }
        let expected = total / Double(output == .crf ? Self.sentences.count : tokens)
        let loss = model.auxiliaryLoss(scores: scores, input: input, tagIDs: Self.auxiliaryTagIDs).loss
        #expect(abs(Double(loss) - expected) < 1e-5 * max(1, expected), "\(loss) against \(expected)")
    }

    /// Trained on a CoNLL-U file's UPOS with XPOS beside it: both are learned, the dev summary
    /// gives both, and the model tags an unseen name in both columns.
    @Test func aTinyTaggerLearnsBothColumnsOfACoNLLUFile() throws {
        let directory = try TaggerTestData.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let train = try Self.write(TaggerTestData.conllu(TaggerTestData.posSentences(300, seed: 1)), "train.conllu", in: directory)
        let dev = try Self.write(TaggerTestData.conllu(TaggerTestData.posSentences(60, seed: 2)), "dev.conllu", in: directory)
        var request = try TaggerTestData.request(train: train, dev: dev, in: directory)
        request.auxiliaryColumn = "xpos"
        var plan: TaggerTraining.Plan?
        let result = try TaggerTraining.run(request, prepared: { plan = $0 })
        #expect(plan?.auxiliaryTags == [".", "CD", "DT", "JJ", "NN", "NNP", "VBZ"])
        #expect(try #require(result.bestValue) >= 99)
        let summary = try #require(result.history.last).validation.summary
        let auxiliaryAccuracy = summary.components(separatedBy: ", XPOS accuracy ").last.flatMap { Double($0.dropLast()) }
        #expect(try #require(auxiliaryAccuracy) >= 99, "\(summary)")

        let model = try TaggerModel(contentsOf: request.outputPath)
        #expect(model.configuration.tagName == "upos" && model.configuration.auxiliaryColumn == "xpos")
        let sentence = ["Zelda", "builds", "the", "machine", "."]
        let prediction = model.predict([sentence], auxiliary: true)[0]
        #expect(prediction.tags == ["PROPN", "VERB", "DET", "NOUN", "PUNCT"])
        #expect(prediction.auxiliaryTags == ["NNP", "VBZ", "DT", "NN", "."])
        #expect(model.predict([sentence])[0].auxiliaryTags.isEmpty)
    }

    @Test func aModelWithAnAuxiliaryOutputRoundTripsThroughItsFile() throws {
        let model = Self.model(output: .crf, attention: true)
        let directory = try TaggerTestData.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("m.quill").path
        try model.write(to: path)
        let loaded = try TaggerModel(contentsOf: path)
        #expect(loaded.configuration == model.configuration && loaded.auxiliaryTags == model.auxiliaryTags)
        #expect(loaded.parameters.map(\.name) == model.parameters.map(\.name))
        for (a, b) in zip(model.parameters, loaded.parameters) { #expect(a.value.values == b.value.values, "\(a.name)") }
        #expect(loaded.predict(Self.sentences, auxiliary: true) == model.predict(Self.sentences, auxiliary: true))
        #expect(loaded.predict(Self.sentences, auxiliary: true).map(\.auxiliaryTags.count) == [6, 2, 2])

        // A configuration with an auxiliary column needs the auxiliary tags.
        var metadata = model.describingMetadata
        metadata["auxiliary_tags"] = nil
        let untagged = directory.appendingPathComponent("untagged.quill").path
        try ModelFile.write(kind: TaggerModel.kind, tensors: model.parameters.map { ($0.name, $0.value) }, metadata: metadata, to: untagged)
        #expect { try TaggerModel(contentsOf: untagged) } throws: { "\($0)" == "\(untagged): the metadata has no 'auxiliary_tags' entry." }
    }

    /// Models written before the auxiliary output (the shipped ner-en) load unchanged and have
    /// none; a model without one still writes none of its keys; settings stored before the weight
    /// read as weight 1.
    @Test func filesWithoutAnAuxiliaryOutputLoadAsBefore() throws {
        let plain = TaggerModelTests.model(output: .crf, attention: false)
        #expect(plain.describingMetadata["auxiliary_tags"] == nil)
        #expect(try !#require(plain.describingMetadata["configuration"]).contains("auxiliary"))
        #expect(!plain.parameters.contains { $0.name.hasPrefix("auxiliary") })
        let settings = try JSONDecoder().decode(TaggerTrainingSettings.self, from: Data(#"{"batch":8,"seed":3}"#.utf8))
        #expect(settings == TaggerTrainingSettings(batch: 8, seed: 3, auxiliaryWeight: 1))

        // The shipped ner-en was written before auxiliary outputs existed.
        let path = SharedData.repositoryRoot.appendingPathComponent("Models/ner-en.quill").path
        try #require(FileManager.default.fileExists(atPath: path), "\(path)")
        let shipped = try TaggerModel(contentsOf: path)
        #expect(shipped.auxiliaryTags == nil && shipped.configuration.auxiliaryColumn == nil)
        #expect(!shipped.parameters.contains { $0.name.hasPrefix("auxiliary") })
        let prediction = shipped.predict([["Ada", "works", "in", "Paris", "."]], auxiliary: true)[0]
        #expect(prediction.tags.count == 5 && prediction.auxiliaryTags.isEmpty)
    }

    /// Interrupted and resumed with the same auxiliary column: the same model, bit for bit, as the
    /// uninterrupted run. Another column, none, or one for a checkpoint without any is refused.
    @Test func aResumedRunKeepsItsAuxiliaryColumnAndRefusesAnother() throws {
        let data = try TaggerTestData.scratch(), whole = try TaggerTestData.scratch(), parts = try TaggerTestData.scratch()
        let plain = try TaggerTestData.scratch()
        defer { for d in [data, whole, parts, plain] { try? FileManager.default.removeItem(at: d) } }
        let train = try Self.write(TaggerTestData.conllu(TaggerTestData.posSentences(120, seed: 4)), "train.conllu", in: data)
        let dev = try Self.write(TaggerTestData.conllu(TaggerTestData.posSentences(20, seed: 5)), "dev.conllu", in: data)
        var uninterrupted = try TaggerTestData.request(train: train, dev: dev, in: whole, epochs: 2)
        uninterrupted.auxiliaryColumn = "xpos"
        uninterrupted.settings.auxiliaryWeight = 0.5
        try TaggerTraining.run(uninterrupted)

        var interrupted = try TaggerTestData.request(train: train, dev: dev, in: parts, epochs: 2)
        interrupted.auxiliaryColumn = "5"   // the same column, spelled by number
        interrupted.settings.auxiliaryWeight = 0.5
        let stopped = try TaggerTestData.runStopping(interrupted, afterSteps: 11)
        #expect(stopped.interrupted && stopped.steps == 11)
        interrupted.resumePath = interrupted.checkpointPath
        interrupted.settings.auxiliaryWeight = 3   // the checkpoint's settings win
        #expect(try !TaggerTraining.run(interrupted).interrupted)
        let a = try TaggerModel(contentsOf: uninterrupted.outputPath), b = try TaggerModel(contentsOf: interrupted.outputPath)
        #expect(a.auxiliaryTags == b.auxiliaryTags && b.configuration.auxiliaryColumn == "xpos")
        for (x, y) in zip(a.parameters, b.parameters) { #expect(x.value.values == y.value.values, "\(x.name)") }

        var other = interrupted
        other.auxiliaryColumn = "lemma"
        #expect { try TaggerTraining.run(other) } throws: {
            "\($0)" == "\(interrupted.checkpointPath): cannot resume: it was trained with --auxiliary-column xpos, not lemma."
        }
        other.auxiliaryColumn = nil
        #expect { try TaggerTraining.run(other) } throws: {
            "\($0)" == "\(interrupted.checkpointPath): cannot resume: it was trained with --auxiliary-column xpos; give the same to resume."
        }
        var withoutAuxiliary = try TaggerTestData.request(train: train, dev: dev, in: plain, epochs: 1)
        try TaggerTraining.run(withoutAuxiliary)
        withoutAuxiliary.resumePath = withoutAuxiliary.checkpointPath
        withoutAuxiliary.auxiliaryColumn = "xpos"
        #expect { try TaggerTraining.run(withoutAuxiliary) } throws: {
            "\($0)" == "\(withoutAuxiliary.checkpointPath): cannot resume: it was trained without --auxiliary-column, not with --auxiliary-column xpos."
        }
    }

    /// A training token without an auxiliary tag is an error at its line; a dev file without the
    /// column only loses the auxiliary dev score.
    @Test func aTrainingTokenWithoutAnAuxiliaryTagIsAnErrorAtItsLine() throws {
        let directory = try TaggerTestData.scratch()
        defer { try? FileManager.default.removeItem(at: directory) }
        func line(_ id: Int, _ form: String, _ upos: String, _ xpos: String) -> String {
            [String(id), form, form.lowercased(), upos, xpos, "_", "_", "_", "_", "_"].joined(separator: "\t") + "\n"
        }
        let good = line(1, "Ada", "PROPN", "NNP") + line(2, "sees", "VERB", "VBZ") + line(3, ".", "PUNCT", ".") + "\n"
        let missing = "# sent_id = 1\n" + good + line(1, "the", "DET", "DT") + line(2, "cat", "NOUN", "_") + "\n"
        let goodPath = try Self.write(good, "good.conllu", in: directory)
        let missingPath = try Self.write(missing, "missing.conllu", in: directory)
        let conllu = TaggingFileFormat.conllu(.upos)
        func corpus(train: String, dev: String, format: TaggingFileFormat = conllu, auxiliary: String) throws -> TaggerCorpus {
            try TaggerCorpus(trainPath: train, trainFormat: format, devPath: dev, devFormat: format, auxiliaryColumn: auxiliary)
        }
        #expect { try corpus(train: missingPath, dev: goodPath, auxiliary: "xpos") } throws: {
            "\($0)" == "\(missingPath):7: XPOS (column 5) is '_' (no tag); --auxiliary-column needs a tag on every training token"
        }
        #expect { try corpus(train: goodPath, dev: goodPath, auxiliary: "xps") } throws: {
            "\($0)" == "\(goodPath): --auxiliary-column xps is not a CoNLL-U column (upos, xpos, or a number 1-10)"
        }
        let lenient = try corpus(train: goodPath, dev: missingPath, auxiliary: "xpos")
        #expect(lenient.auxiliaryColumn == "xpos" && lenient.trainAuxiliaryTags == [["NNP", "VBZ", "."]] && lenient.devAuxiliaryTags == nil)
        #expect(try corpus(train: goodPath, dev: goodPath, auxiliary: "5").devAuxiliaryTags == [["NNP", "VBZ", "."]])

        let twoColumns = try Self.write("Ada\tB-PER\nworks\tO\n\n", "train.conll", in: directory)
        let layout = try TaggingFileFormat.resolve(path: twoColumns, format: nil, column: nil)
        #expect { try corpus(train: twoColumns, dev: twoColumns, format: layout, auxiliary: "3") } throws: {
            "\($0)" == "\(twoColumns):1: expected at least 3 columns, found 2 (reading --auxiliary-column 3)"
        }
    }
}
