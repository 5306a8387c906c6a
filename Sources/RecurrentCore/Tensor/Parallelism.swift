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

    /// Below this many floating-point operations a split costs more than it saves: waking a
    /// worker and joining it takes tens of microseconds here (the seed's 64-unit models ran 20-40%
    /// slower on 2 threads before this threshold).
    static let minimumParallelFlops = 50_000_000

    /// Below this many floats read and written, a memory-bound pass (a fill, a column sum, an
    /// optimizer update) stays on one thread: waking a worker and joining it costs about what
    /// streaming 2 MB does. Above it, the serial passes between two products left a core idle for
    /// 7% of a 2-thread training step (W1).
    static let minimumParallelElements = 1 << 19

    /// How many parts to split a memory-bound pass over `elements` floats into: one per thread
    /// from ``minimumParallelElements`` up, and one inside another parallel region.
    static func partCount(streaming elements: Int) -> Int {
        let threads = configuredThreads
        guard !insideRegion, elements >= minimumParallelElements else { return 1 }
        return threads
    }

    /// Part `part` of `0..<count` cut into `parts` ranges that start at multiples of `alignment`
    /// (so a vector kernel's blocks fall alike whatever the split); the last ends at `count`.
    static func alignedRange(_ count: Int, part: Int, parts: Int, alignment: Int = 16) -> Range<Int> {
        let start = part == 0 ? 0 : min(count, (count * part / parts) / alignment * alignment)
        let end = part == parts - 1 ? count : min(count, (count * (part + 1) / parts) / alignment * alignment)
        return start..<max(start, end)
    }

    /// Runs `body(index, share)` for a share of each of `counts` (the element counts of a model's
    /// tensors, say) on every part: a memory-bound pass that treats each element on its own and
    /// streams `floatsPerElement` floats per element, read and written, split over the threads when
    /// that is worth it (``partCount(streaming:)``). Shares are ``alignedRange(_:part:parts:alignment:)``s,
    /// so a vector kernel's blocks, and its results, are the same for any split. Empty shares are
    /// skipped.
    static func forEachShare(of counts: [Int], floatsPerElement: Int, _ body: (_ index: Int, _ share: Range<Int>) -> Void) {
        let parts = partCount(streaming: floatsPerElement * counts.reduce(0, +))
        run(parts: parts) { part in
            for (index, count) in counts.enumerated() {
                let share = alignedRange(count, part: part, parts: parts)
                if !share.isEmpty { body(index, share) }
            }
        }
    }

    /// How many parts to split `items` independent items into: one per thread, but never parts
    /// smaller than `minimumPart` items, none when the whole job is under `minimumParallelFlops`
    /// (`flops`), and one inside another parallel region.
    static func partCount(for items: Int, minimumPart: Int, flops: Int) -> Int {
        let threads = configuredThreads   // read first: its first use pins OpenBLAS at one thread
        guard !insideRegion, flops >= minimumParallelFlops else { return 1 }
        return max(1, min(threads, items / max(minimumPart, 1)))
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

    /// Runs `body(index)` for every index in `0..<count`, spread over the threads when the whole
    /// job is worth it (`flops`).
    static func forEach(_ count: Int, flops: Int, _ body: (Int) -> Void) {
        let parts = ranges(count, parts: partCount(for: count, minimumPart: 1, flops: flops))
        run(parts: parts.count) { part in
            for index in parts[part] { body(index) }
        }
    }

    /// `0..<count` cut into `parts` contiguous ranges of near-equal size.
    static func ranges(_ count: Int, parts: Int) -> [Range<Int>] {
        (0..<parts).map { alignedRange(count, part: $0, parts: parts, alignment: 1) }
    }
}

/// A value handed to worker threads whose safety the caller guarantees (disjoint writes).
private struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
