/// What every application's training request shares (textgen's `CharacterTrainingRequest`,
/// tagger's `TaggerTrainingRequest`, autocomplete's `WordTrainingRequest`): how long and how
/// fast to train, and where a run resumes. A `train` command fills these from its shared flags in
/// one call.
public protocol TrainingRunRequest {
    var epochs: Int { get set }
    var learningRate: Float { get set }
    /// Clip the global gradient norm to this (nil: no clipping).
    var clipNorm: Float? { get set }
    /// Stop after this many epochs without a better validation score (nil: never).
    var patience: Int? { get set }
    var checkpointEvery: Int? { get set }
    /// Continue the run this checkpoint holds.
    var resumePath: String? { get set }
    /// The command line, recorded in the model's metadata.
    var command: String { get set }
}
