import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many cores the recurrent core uses, and the one way it runs work on them.
///
/// All threads are the core's own (libdispatch workers); OpenBLAS always runs single-threaded
/// inside them. Large products are cut into one block per thread (`BLAS.gemm`). The recurrences
/// are split by sequence: the sequences of a batch are independent through time, so each worker
/// walks all steps for its share of the batch (its per-step products and gate passes), and the
/// two directions of a bidirectional layer run side by side. Nothing nests: inside a region every
/// call runs on its own thread. (Letting OpenBLAS thread as well would oversubscribe the cores:
/// its idle threads spin in `sched_yield` while ours work.)
public enum Parallelism {
    nonisolated(unsafe) private static var configuredThreads: Int = {
        let threads = BLAS.threads   // OpenBLAS's default: the cores (or OPENBLAS_NUM_THREADS)
        BLAS.threads = 1
        return threads
    }()
    /// Whether the current thread is one of a region's workers (then nothing splits further).
    private static let insideRegionKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    private static var insideRegion: Bool {
        get { pthread_getspecific(insideRegionKey) != nil }
        set { pthread_setspecific(insideRegionKey, newValue ? UnsafeRawPointer(bitPattern: 1) : nil) }
    }

    /// Threads for BLAS and for the core's own workers (set it from `--threads`; at least 1).
    public static var threads: Int {
        get { configuredThreads }
        set {
            configuredThreads = max(1, newValue)
            BLAS.threads = 1
        }
    }

    /// How many parts to split `work` independent items into: one per thread, but never parts
    /// smaller than `minimumPart`, and one inside another parallel region.
    static func partCount(for work: Int, minimumPart: Int) -> Int {
        guard !insideRegion else { return 1 }
        return max(1, min(configuredThreads, work / max(minimumPart, 1)))
    }

    /// Runs `body(part)` for `part` in `0..<parts`, concurrently when `parts > 1`. Returns when all
    /// parts are done.
    static func run(parts: Int, _ body: (Int) -> Void) {
        guard parts > 1 else {
            body(0)
            return
        }
        // The parts write disjoint memory; the closure is only called during this function.
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                let outer = insideRegion
                insideRegion = true
                shared.value(part)
                insideRegion = outer
            }
        }
    }

    /// Runs `body(index)` for every index in `0..<count`, spread over the threads.
    static func forEach(_ count: Int, _ body: (Int) -> Void) {
        let parts = ranges(count, parts: partCount(for: count, minimumPart: 1))
        run(parts: parts.count) { part in
            for index in parts[part] { body(index) }
        }
    }

    /// `0..<count` cut into `parts` contiguous ranges of near-equal size.
    static func ranges(_ count: Int, parts: Int) -> [Range<Int>] {
        (0..<parts).map { part in (count * part / parts)..<(count * (part + 1) / parts) }
    }
}

/// A value handed to worker threads whose safety the caller guarantees (disjoint writes).
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
