import _MallocShims

/// How the process's allocator keeps the large buffers that tensors live in.
///
/// glibc's malloc maps a block of 128 KiB or more on its own, but once such a block is freed it
/// raises that threshold to the block's size (up to 32 MiB). From then on tensors of a few
/// megabytes come from the heaps of the threads that allocate them (each worker has its own), which
/// keep what is freed for reuse. That suits a training loop, whose batches allocate the same shapes
/// again and again without a page fault. It costs memory in inference over batches of every shape:
/// `tagger annotate` with the shipped pos-en and ner-en peaked at 481–520 MB on Frankenstein, and
/// at 298 MB with ``returnToTheSystem(above:)``, which took about 10% more time (11.0 s against
/// 9.7–10.2 s) for the page faults of its new tensors.
public enum LargeAllocations {
    /// Gives every block of at least `threshold` bytes its own mapping, returned to the system
    /// when freed, for the rest of the process: a new tensor then costs page faults on first
    /// touch, and memory stays close to what is in use. For a long-running inference command
    /// that reads input of any length; a training loop is faster without it. Returns whether the
    /// allocator took it (glibc only; elsewhere nothing changes).
    @discardableResult
    public static func returnToTheSystem(above threshold: Int = 256 << 10) -> Bool {
        quill_set_mmap_threshold(threshold) == 1
    }
}
