import FuzzSupport
import PredictiveTyping
import RecurrentCore
import SequenceTagging
import TextGeneration

// The model file loader: the safetensors framing and JSON header (`SafeTensors`), the Quill
// checks (`ModelFile`), then, by the file's kind, the application loader a user runs
// (`CharacterLanguageModel`, `TaggerModel`, `WordLanguageModel(contentsOf:)`, through a real file)
// and one small use of the loaded model, so a file that loads but is inconsistent is caught too.
// The data checksum is repaired first (`ModelChecksumRepair`), or nearly no input would get past it.

/// One input (see ``FuzzingDriver/TestOneInput``).
func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    var bytes = Array(UnsafeBufferPointer(start: data, count: size))
    ModelChecksumRepair.repair(&bytes)
    guard let tensors = try? SafeTensors(bytes: bytes, source: "<fuzz>") else { return 0 }
    for name in tensors.names {
        _ = try? tensors.tensor(name)
        _ = try? tensors.int64s(name)
    }
    guard let file = try? ModelFile(tensors) else { return 0 }
    let path = ScratchFile.shared.replaceContents(with: bytes)
    switch file.kind {
    case CharacterLanguageModel.kind:
        guard let model = try? CharacterLanguageModel(contentsOf: path) else { return 0 }
        var random = SplitMix64(seed: 1)
        TextGenerator(model: model, options: SamplingOptions()).generate(prime: "Ab\n", length: 4, random: &random)
    case TaggerModel.kind:
        guard let model = try? TaggerModel(contentsOf: path) else { return 0 }
        _ = model.predict([["Ada", "sees", "2024", "."], ["x"]], alternatives: 2)
    case WordLanguageModel.kind:
        guard let model = try? WordLanguageModel(contentsOf: path),
              let keyboard = try? PredictiveKeyboard(model: model, personal: PersonalModel(path: nil), isPrivate: true)
        else { return 0 }
        _ = keyboard.suggestions(forLine: "I would like th", count: 3)
        _ = keyboard.suggestions(forLine: "the ", count: 3)
    default:
        break
    }
    return 0
}
