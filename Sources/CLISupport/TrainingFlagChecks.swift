import ArgumentParser

/// The checks every `train` command makes on the flags they share, as usage errors (exit 2).
public enum TrainingFlagChecks {
    public static func validate(batch: Int, epochs: Int, learningRate: Float, clip: Float, patience: Int, average: Float,
                                checkpointEvery: Int?, threads: Int?) throws {
        if batch < 1 { throw ValidationError("--batch must be at least 1, not \(batch)") }
        if epochs < 1 { throw ValidationError("--epochs must be at least 1, not \(epochs)") }
        if !(learningRate > 0 && learningRate.isFinite) { throw ValidationError("--lr must be a positive number, not \(learningRate)") }
        if !(clip >= 0 && clip.isFinite) { throw ValidationError("--clip must be 0 or more, not \(clip)") }
        if patience < 0 { throw ValidationError("--patience must be 0 or more, not \(patience)") }
        if !(average >= 0 && average < 1) { throw ValidationError("--average must be 0 (off) or a decay below 1 such as 0.999, not \(average)") }
        if let checkpointEvery, checkpointEvery < 1 { throw ValidationError("--checkpoint-every must be at least 1, not \(checkpointEvery)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, not \(threads)") }
    }

    /// "2.50M", "830k", "912": a parameter count for the line a training run starts with.
    public static func shortCount(_ count: Int) -> String {
        if count >= 1_000_000 {
            let hundredths = Int((Double(count) / 10_000).rounded())
            return "\(hundredths / 100).\(hundredths % 100 < 10 ? "0" : "")\(hundredths % 100)M"
        }
        if count >= 1_000 { return "\(count / 1000)k" }
        return "\(count)"
    }
}
