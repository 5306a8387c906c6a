import RecurrentCore
import VocabularyStore

/// A BiLSTM(-CRF) sequence tagger (Lample et al. 2016; Plank et al. 2016): per token, a word
/// embedding, a character BiLSTM's final states and a word-shape embedding, concatenated; a
/// stacked BiLSTM over the sentence; optional self-attention; a linear layer to one score per
/// tag; a CRF or a softmax. Optionally a second linear layer on the same top features scores the
/// tags of an auxiliary column (``TaggerConfiguration/auxiliaryColumn``), learned beside the main
/// tags with a softmax (multi-task; see ``auxiliaryLoss(scores:input:tagIDs:weight:)``).
///
/// Shapes: T steps (the longest sentence), B sentences, F token features
/// (``TaggerConfiguration/tokenFeatureSize``), H hidden per direction, K tags, A auxiliary tags.
/// Everything is time-major like ``RecurrentNetwork``: token `t` of sentence `b` is row
/// `t * B + b`; emissions are `[T, B, K]`, auxiliary scores `[T, B, A]`.
///
/// Parameter names: `word_embedding.weight`, `char_embedding.weight`, `char_rnn.weight_ih_l0`
/// (and `_reverse`), `shape_embedding.weight`, `rnn.weight_ih_l{k}` (and `_reverse`),
/// `attention.*`, `output.weight`, `output.bias`, `auxiliary_output.weight`,
/// `auxiliary_output.bias`, `crf.transitions`, `crf.start_transitions`, `crf.end_transitions`.
public final class TaggerModel {
    /// The model-file kind.
    public static let kind = "tagger"

    public let configuration: TaggerConfiguration
    /// Normalised word forms (see ``WordShape/normalizedForm(of:lowercase:)``), `<unk>` at id 0.
    public let words: Vocabulary
    /// Characters (grapheme clusters), `<unk>` at id 0.
    public let characters: Vocabulary
    public let tags: LabelSet
    /// The auxiliary column's tags (nil without an auxiliary output).
    public let auxiliaryTags: LabelSet?

    let wordEmbedding: Embedding
    let characterEmbedding: Embedding?
    let characterNetwork: RecurrentNetwork?
    let shapeEmbedding: Embedding?
    let inputDropout: Dropout
    /// One bidirectional network per layer, so dropout can sit between them.
    let layers: [RecurrentNetwork]
    /// `layerDropouts[l]` acts on layer `l`'s output.
    let layerDropouts: [Dropout]
    let attention: AdditiveAttention?
    let output: Linear
    /// `[2H or 4H] -> [A]`: reads the features ``output`` reads (after the top layer's dropout and
    /// the attention), so both heads see the same dropout mask.
    let auxiliaryOutput: Linear?
    let crf: LinearChainCRF?

    /// What the last forward kept for backward.
    private var last: (input: TaggerInput, top: Tensor)?

    /// A model of zeros: call ``initialize(seed:)`` or load parameters before use.
    /// `auxiliaryTags` is given exactly when the configuration names an auxiliary column.
    public init(configuration: TaggerConfiguration, words: Vocabulary, characters: Vocabulary, tags: LabelSet,
                auxiliaryTags: LabelSet? = nil) {
        precondition(configuration.problem == nil, "TaggerModel: \(configuration.problem ?? "")")
        precondition(tags.count >= 1, "TaggerModel: no tags")
        precondition((configuration.auxiliaryColumn == nil) == (auxiliaryTags == nil) && auxiliaryTags?.count != 0,
                     "TaggerModel: auxiliary tags must come with an auxiliary column, and be at least one")
        self.configuration = configuration
        self.words = words
        self.characters = characters
        self.tags = tags
        self.auxiliaryTags = auxiliaryTags
        let c = configuration
        wordEmbedding = Embedding(vocabularySize: words.count, embeddingSize: c.wordEmbedding)
        if c.characterEmbedding > 0 {
            characterEmbedding = Embedding(vocabularySize: characters.count, embeddingSize: c.characterEmbedding)
            characterNetwork = RecurrentNetwork(cell: .lstm, inputSize: c.characterEmbedding, hiddenSize: c.characterHidden,
                                                bidirectional: true)
        } else {
            characterEmbedding = nil
            characterNetwork = nil
        }
        shapeEmbedding = c.shapeEmbedding > 0
            ? Embedding(vocabularySize: WordShape.allCases.count, embeddingSize: c.shapeEmbedding) : nil
        inputDropout = Dropout(probability: c.dropout)
        layers = (0..<c.layers).map { layer in
            RecurrentNetwork(cell: .lstm, inputSize: layer == 0 ? c.tokenFeatureSize : 2 * c.hidden, hiddenSize: c.hidden,
                             bidirectional: true)
        }
        layerDropouts = (0..<c.layers).map { _ in Dropout(probability: c.dropout) }
        attention = c.attention ? AdditiveAttention(querySize: 2 * c.hidden, keySize: 2 * c.hidden, attentionSize: c.hidden) : nil
        output = Linear(inputSize: (c.attention ? 4 : 2) * c.hidden, outputSize: tags.count)
        auxiliaryOutput = auxiliaryTags.map { Linear(inputSize: (c.attention ? 4 : 2) * c.hidden, outputSize: $0.count) }
        if c.output == .crf {
            let crf = LinearChainCRF(labelCount: tags.count)
            if let scheme = c.labelScheme {
                let rules = TagTransitionRules(tags: tags.labels, scheme: scheme)
                crf.constrain(allowed: rules.allows(from:to:), allowedStart: rules.allowsStart, allowedEnd: rules.allowsEnd)
            }
            self.crf = crf
        } else {
            crf = nil
        }
    }

    /// Initialisation from `seed`: embeddings N(0, 1), recurrent and linear layers PyTorch's
    /// uniform ±1/sqrt(fan) with LSTM forget-gate bias 1, CRF scores uniform ±0.1. The auxiliary
    /// output draws last, so the rest starts as in a model without it.
    public func initialize(seed: UInt64) {
        var generator = SplitMix64(seed: seed)
        wordEmbedding.initialize(using: &generator)
        characterEmbedding?.initialize(using: &generator)
        characterNetwork?.initialize(using: &generator, forgetBias: 1)
        shapeEmbedding?.initialize(using: &generator)
        for network in layers { network.initialize(using: &generator, forgetBias: 1) }
        attention?.initialize(using: &generator)
        output.initialize(using: &generator)
        crf?.initialize(using: &generator)
        auxiliaryOutput?.initialize(using: &generator)
    }

    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    /// Every parameter with its gradient, under the model file's names.
    public var parameters: [(name: String, value: Tensor, gradient: Tensor)] {
        func named(_ prefix: String, _ list: [(name: String, value: Tensor, gradient: Tensor)]) -> [(name: String, value: Tensor, gradient: Tensor)] {
            list.map { (prefix + $0.name, $0.value, $0.gradient) }
        }
        var result = named("word_embedding.", wordEmbedding.parameters)
        if let characterEmbedding, let characterNetwork {
            result += named("char_embedding.", characterEmbedding.parameters)
            result += named("char_rnn.", characterNetwork.parameters)
        }
        if let shapeEmbedding { result += named("shape_embedding.", shapeEmbedding.parameters) }
        for (index, network) in layers.enumerated() {
            // Each network has one layer, named `_l0` by PyTorch's convention: renumber.
            result += network.parameters.map {
                ("rnn." + $0.name.replacingOccurrences(of: "_l0", with: "_l\(index)"), $0.value, $0.gradient)
            }
        }
        if let attention { result += named("attention.", attention.parameters) }
        result += named("output.", output.parameters)
        if let auxiliaryOutput { result += named("auxiliary_output.", auxiliaryOutput.parameters) }
        if let crf { result += named("crf.", crf.parameters) }
        return result
    }

    public func zeroGradients() {
        wordEmbedding.zeroGradients()
        characterEmbedding?.zeroGradients()
        characterNetwork?.zeroGradients()
        shapeEmbedding?.zeroGradients()
        for network in layers { network.zeroGradients() }
        attention?.parameters.forEach { $0.gradient.fill(0) }
        output.gradWeight.fill(0)
        output.gradBias.fill(0)
        auxiliaryOutput?.gradWeight.fill(0)
        auxiliaryOutput?.gradBias.fill(0)
        crf?.zeroGradients()
    }

    /// Encodes sentences for ``emissions(for:training:generator:)``.
    func encode(_ sentences: [[String]], keepWord: ((Int) -> Bool)? = nil) -> TaggerInput {
        TaggerInput(sentences: sentences, words: words, characters: characterNetwork == nil ? nil : characters,
                    shapes: shapeEmbedding != nil, lowercase: configuration.lowercase, keepWord: keepWord)
    }

    // MARK: Forward and backward

    /// The tag scores `[T, B, K]` of a batch (rows at padded steps are meaningless). With
    /// `training`, dropout draws from `generator` and ``backward(_:auxiliaryGradient:)`` may follow.
    func emissions(for input: TaggerInput, training: Bool, generator: inout SplitMix64) -> Tensor {
        let (steps, batch) = (input.steps, input.batch)
        let c = configuration
        let width = c.tokenFeatureSize
        let features = Tensor(zeros: [steps, batch, width])
        let f = features.pointer
        let wordRows = wordEmbedding.forward(input.wordIDs)
        let characterStates = training ? characterForward(input) : characterInference(input)
        let shapeRows = shapeEmbedding?.forward(input.shapeIDs)
        for position in 0..<(steps * batch) where input.formIndex[position] >= 0 {
            var target = f + position * width
            target.update(from: wordRows.pointer + position * c.wordEmbedding, count: c.wordEmbedding)
            target += c.wordEmbedding
            if let characterStates {
                let u = Int(input.formIndex[position]), h = c.characterHidden
                target.update(from: characterStates.pointer + u * h, count: h)
                (target + h).update(from: characterStates.pointer + (input.formCount + u) * h, count: h)
                target += 2 * h
            }
            if let shapeRows {
                target.update(from: shapeRows.pointer + position * c.shapeEmbedding, count: c.shapeEmbedding)
            }
        }
        var x = inputDropout.forward(features, training: training, generator: &generator)
        for (layer, network) in layers.enumerated() {
            x = network.forward(x, lengths: input.lengths, training: training).output
            x = layerDropouts[layer].forward(x, training: training, generator: &generator)
        }
        var top = x
        if let attention {
            let context = attention.forward(queries: x, keys: x, lengths: input.lengths).context
            top = Self.concatenateFeatures(x, context)
        }
        last = (input, top)
        return output.forward(top.reshaped([steps * batch, top.shape[2]])).reshaped([steps, batch, tags.count])
    }

    /// The auxiliary output's scores `[T, B, A]` of the batch the last ``emissions(for:training:generator:)``
    /// ran on (from the same top features, so with the same dropout), or nil for a model without
    /// an auxiliary output. With a training forward, ``backward(_:auxiliaryGradient:)`` may follow.
    func auxiliaryEmissions() -> Tensor? {
        guard let auxiliaryOutput else { return nil }
        guard let (input, top) = last else { preconditionFailure("TaggerModel.auxiliaryEmissions without a forward") }
        return auxiliaryOutput.forward(top.reshaped([input.steps * input.batch, top.shape[2]]))
            .reshaped([input.steps, input.batch, auxiliaryOutput.outputSize])
    }

    /// The character network's final states `[2, U, Hc]` (forward direction's first), or nil:
    /// all spellings in one call, as ``backward(_:auxiliaryGradient:)`` needs.
    private func characterForward(_ input: TaggerInput) -> Tensor? {
        guard let characterEmbedding, let characterNetwork, input.formCount > 0 else { return nil }
        let rows = characterEmbedding.forward(input.characterIDs)
            .reshaped([input.characterSteps, input.formCount, configuration.characterEmbedding])
        return characterNetwork.forward(rows, lengths: input.characterLengths).hidden
    }

    /// At most this many character positions (steps x spellings) go through the character
    /// network at once when tagging.
    static let characterPositionsPerCall = 8192

    /// ``characterForward(_:)`` for tagging: the spellings run in groups of similar length, each
    /// padded only to its own longest, with at most ``characterPositionsPerCall`` positions per
    /// call. The states are the same; the padding (one long URL no longer pads every spelling of
    /// the batch to its length) and the memory (bounded, whatever the batch) are not.
    private func characterInference(_ input: TaggerInput) -> Tensor? {
        guard let characterEmbedding, let characterNetwork, input.formCount > 0 else { return nil }
        let (count, hidden) = (input.formCount, configuration.characterHidden)
        let states = Tensor(zeros: [2, count, hidden])
        let order = (0..<count).sorted { input.characterLengths[$0] > input.characterLengths[$1] }
        var start = 0
        while start < count {
            // The longest spelling comes first, so it sets the group's steps.
            let groupSteps = input.characterLengths[order[start]]
            let end = min(count, start + max(1, Self.characterPositionsPerCall / groupSteps))
            let members = order[start..<end]
            var ids = [Int32](repeating: 0, count: groupSteps * members.count)
            for (column, u) in members.enumerated() {
                for c in 0..<input.characterLengths[u] {
                    ids[c * members.count + column] = input.characterIDs[c * count + u]
                }
            }
            let rows = characterEmbedding.forward(ids).reshaped([groupSteps, members.count, configuration.characterEmbedding])
            let final = characterNetwork.forward(rows, lengths: members.map { input.characterLengths[$0] }, training: false).hidden
            for direction in 0..<2 {
                for (column, u) in members.enumerated() {
                    (states.pointer + (direction * count + u) * hidden)
                        .update(from: final.pointer + (direction * members.count + column) * hidden, count: hidden)
                }
            }
            start = end
        }
        return states
    }

    /// Back-propagates `emissionGradient` `[T, B, K]` (and `auxiliaryGradient` `[T, B, A]`, the
    /// gradient of the auxiliary scores ``auxiliaryEmissions()`` gave after the forward, summed
    /// into the top features' gradient) through the last training forward, adding into the
    /// parameter gradients.
    func backward(_ emissionGradient: Tensor, auxiliaryGradient: Tensor? = nil) {
        guard let (input, top) = last else { preconditionFailure("TaggerModel.backward without a forward") }
        let (steps, batch) = (input.steps, input.batch)
        let c = configuration
        var gradient = output.backward(emissionGradient.reshaped([steps * batch, tags.count]))
            .reshaped([steps, batch, top.shape[2]])
        if let auxiliaryGradient {
            guard let auxiliaryOutput else { preconditionFailure("TaggerModel.backward: an auxiliary gradient without an auxiliary output") }
            let fromAuxiliary = auxiliaryOutput.backward(auxiliaryGradient.reshaped([steps * batch, auxiliaryOutput.outputSize]))
            BLAS.axpy(fromAuxiliary.pointer, gradient.pointer, count: gradient.count)
        }
        if let attention {
            let (states, context) = Self.splitFeatures(gradient, firstWidth: 2 * c.hidden)
            let (queries, keys) = attention.backward(contextGradient: context)
            BLAS.axpy(queries.pointer, states.pointer, count: states.count)
            BLAS.axpy(keys.pointer, states.pointer, count: states.count)
            gradient = states
        }
        for layer in layers.indices.reversed() {
            gradient = layerDropouts[layer].backward(gradient)
            gradient = layers[layer].backward(outputGradient: gradient).input
        }
        gradient = inputDropout.backward(gradient)

        let width = c.tokenFeatureSize, positions = steps * batch
        let g = gradient.pointer
        let wordGradient = Tensor(zeros: [positions, c.wordEmbedding])
        let shapeGradient = shapeEmbedding.map { _ in Tensor(zeros: [positions, c.shapeEmbedding]) }
        let characterGradient = characterNetwork.map { _ in Tensor(zeros: [2, input.formCount, c.characterHidden]) }
        for position in 0..<positions where input.formIndex[position] >= 0 {
            var source = g + position * width
            (wordGradient.pointer + position * c.wordEmbedding).update(from: source, count: c.wordEmbedding)
            source += c.wordEmbedding
            if let characterGradient {
                let u = Int(input.formIndex[position]), h = c.characterHidden
                BLAS.axpy(source, characterGradient.pointer + u * h, count: h)
                BLAS.axpy(source + h, characterGradient.pointer + (input.formCount + u) * h, count: h)
                source += 2 * h
            }
            if let shapeGradient {
                (shapeGradient.pointer + position * c.shapeEmbedding).update(from: source, count: c.shapeEmbedding)
            }
        }
        wordEmbedding.backward(wordGradient)
        if let shapeGradient { shapeEmbedding?.backward(shapeGradient) }
        if let characterGradient, let characterNetwork, let characterEmbedding {
            let rows = characterNetwork.backward(outputGradient: nil, hiddenGradient: characterGradient).input
            characterEmbedding.backward(rows.reshaped([input.characterSteps * input.formCount, c.characterEmbedding]))
        }
        last = nil
    }

    /// `[T, B, A]` and `[T, B, C]` side by side: `[T, B, A + C]`.
    static func concatenateFeatures(_ a: Tensor, _ b: Tensor) -> Tensor {
        let (rows, widthA, widthB) = (a.shape[0] * a.shape[1], a.shape[2], b.shape[2])
        let result = Tensor(zeros: [a.shape[0], a.shape[1], widthA + widthB])
        for row in 0..<rows {
            (result.pointer + row * (widthA + widthB)).update(from: a.pointer + row * widthA, count: widthA)
            (result.pointer + row * (widthA + widthB) + widthA).update(from: b.pointer + row * widthB, count: widthB)
        }
        return result
    }

    /// The inverse of ``concatenateFeatures(_:_:)``: the first `firstWidth` features and the rest.
    static func splitFeatures(_ x: Tensor, firstWidth: Int) -> (Tensor, Tensor) {
        let (rows, width) = (x.shape[0] * x.shape[1], x.shape[2])
        let a = Tensor(zeros: [x.shape[0], x.shape[1], firstWidth])
        let b = Tensor(zeros: [x.shape[0], x.shape[1], width - firstWidth])
        for row in 0..<rows {
            (a.pointer + row * firstWidth).update(from: x.pointer + row * width, count: firstWidth)
            (b.pointer + row * (width - firstWidth)).update(from: x.pointer + row * width + firstWidth, count: width - firstWidth)
        }
        return (a, b)
    }

    // MARK: Training

    /// Forward and backward on a batch of sentences with their tag ids (`tagIDs[b][t]` in
    /// `0..<K`, one per token) and, for a model with an auxiliary output, their auxiliary tag ids
    /// (`auxiliaryTagIDs[b][t]` in `0..<A`), adding into the parameter gradients; dropout (and,
    /// through `keepWord`, word dropout) draws from `generator`. Returns the batch's loss, the
    /// main loss (``loss(emissions:input:tagIDs:)``) plus `auxiliaryWeight` times the auxiliary
    /// loss (``auxiliaryLoss(scores:input:tagIDs:weight:)``, normalised as the main one), and its token
    /// count.
    public func accumulateGradients(sentences: [[String]], tagIDs: [[Int]], auxiliaryTagIDs: [[Int]]? = nil,
                                    auxiliaryWeight: Float = 1, generator: inout SplitMix64,
                                    keepWord: ((Int) -> Bool)? = nil) -> (loss: Float, tokens: Int) {
        precondition((auxiliaryTagIDs == nil) == (auxiliaryOutput == nil),
                     "TaggerModel.accumulateGradients: auxiliary tags are needed exactly when the model has an auxiliary output")
        let input = encode(sentences, keepWord: keepWord)
        let scores = emissions(for: input, training: true, generator: &generator)
        var result = loss(emissions: scores, input: input, tagIDs: tagIDs)
        var auxiliaryGradient: Tensor?
        if let auxiliaryTagIDs, let auxiliaryScores = auxiliaryEmissions() {
            let auxiliary = auxiliaryLoss(scores: auxiliaryScores, input: input, tagIDs: auxiliaryTagIDs, weight: auxiliaryWeight)
            result.loss += auxiliary.loss
            auxiliaryGradient = auxiliary.gradient
        }
        backward(result.gradient, auxiliaryGradient: auxiliaryGradient)
        return (result.loss, input.tokenCount)
    }

    // MARK: Loss

    /// The batch's loss (CRF: mean negative log-likelihood per sentence; softmax: mean
    /// cross-entropy per token) and its gradient with respect to the emissions.
    func loss(emissions: Tensor, input: TaggerInput, tagIDs: [[Int]]) -> (loss: Float, gradient: Tensor) {
        if let crf {
            let result = crf.negativeLogLikelihood(emissions: emissions, tags: tagIDs, lengths: input.lengths)
            return (result.loss, result.emissionGradient)
        }
        let labels = Self.rowLabels(tagIDs, input: input)
        let result = SoftmaxCrossEntropy.evaluate(emissions.reshaped([input.steps * input.batch, tags.count]), labels: labels)
        return (result.loss, result.gradient.reshaped(emissions.shape))
    }

    /// `[T*B]` labels for ``SoftmaxCrossEntropy``: `tagIDs[b][t]` at row `t * B + b`, padding
    /// ignored.
    private static func rowLabels(_ tagIDs: [[Int]], input: TaggerInput) -> [Int] {
        var labels = [Int](repeating: SoftmaxCrossEntropy.ignoredLabel, count: input.steps * input.batch)
        for (b, sentence) in tagIDs.enumerated() {
            for (t, tag) in sentence.enumerated() { labels[t * input.batch + b] = tag }
        }
        return labels
    }

    /// The auxiliary output's softmax cross-entropy over the batch's tokens (`tagIDs[b][t]` in
    /// `0..<A`) and its gradient with respect to `scores` `[T, B, A]`, normalised as the main loss
    /// is, so that a weight of 1 puts both on an equal footing: with a CRF, summed over each
    /// sentence's tokens and averaged over the B sentences (per sentence, as the CRF's negative
    /// log-likelihood); with a softmax, averaged over the tokens (per token). Both are multiplied
    /// by `weight` (the loss's weight against the main one).
    func auxiliaryLoss(scores: Tensor, input: TaggerInput, tagIDs: [[Int]], weight: Float = 1) -> (loss: Float, gradient: Tensor) {
        let result = SoftmaxCrossEntropy.evaluate(scores.reshaped([input.steps * input.batch, scores.shape[2]]),
                                                  labels: Self.rowLabels(tagIDs, input: input))
        // With a CRF: the mean per token times tokens per sentence, the mean per sentence.
        let scale = weight * (crf != nil && input.batch > 0 ? Float(result.counted) / Float(input.batch) : 1)
        if scale != 1 { BLAS.scale(result.gradient.pointer, count: result.gradient.count, by: scale) }
        return (result.loss * scale, result.gradient.reshaped(scores.shape))
    }
}
