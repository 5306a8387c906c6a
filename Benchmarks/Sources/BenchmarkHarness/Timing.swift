// Timing, a port of ../shared/peers/common.py (pick_steps, time_per_call, time_each_step).
//
// Method (as the peers): warm-up calls first; the steps per repeat are picked so that one repeat
// lasts about `target` seconds; `repeats` timed repeats; the figure is the median over repeats with
// min/max over repeats. Latency rows time every step on its own (CLOCK_MONOTONIC).

public struct Throughput: Sendable {
    public var perCall: [Double]   // seconds per call, one per repeat
    public var steps: Int
    public var faultsPerCall: Double
}

public struct Latency: Sendable {
    public var samples: [[Double]]   // seconds per step, one array per repeat
    public var steps: Int
    public var faultsPerCall: Double
}

/// Runs the warm-up calls, then picks the steps per repeat so that a repeat lasts about `target` s.
public func pickSteps(_ settings: CommonSettings, target: Double, _ call: () -> Void) -> Int {
    for _ in 0..<max(1, settings.warmup) { call() }
    var start = now()
    call()
    var one = now() - start
    if one < target / 50 {   // a second probe over a few calls, for cheap calls
        let n = max(3, Int(0.1 * target / max(one, 1e-7)))
        start = now()
        for _ in 0..<n { call() }
        one = (now() - start) / Double(n)
    }
    return max(settings.minSteps, Int(target / max(one, 1e-9)))
}

/// `settings.repeats` repeats of `steps` calls (picked for `target`, default `settings.target`, when nil).
public func timePerCall(_ settings: CommonSettings, target: Double? = nil, steps: Int? = nil,
                        _ call: () -> Void) -> Throughput {
    let steps = steps ?? pickSteps(settings, target: target ?? settings.target, call)
    var perCall: [Double] = []
    perCall.reserveCapacity(settings.repeats)
    let faults = minorFaults()
    for _ in 0..<settings.repeats {
        let start = now()
        for _ in 0..<steps { call() }
        perCall.append((now() - start) / Double(steps))
    }
    let faultsPerCall = rounded(Double(minorFaults() - faults) / Double(settings.repeats * steps), 1)
    return Throughput(perCall: perCall, steps: steps, faultsPerCall: faultsPerCall)
}

/// Every step timed on its own, `settings.repeats` repeats of `steps` (picked when nil).
public func timeEachStep(_ settings: CommonSettings, steps: Int? = nil, _ call: () -> Void) -> Latency {
    let steps = steps ?? pickSteps(settings, target: settings.target, call)
    var samples: [[Double]] = []
    let faults = minorFaults()
    for _ in 0..<settings.repeats {
        var times = [Double](repeating: 0, count: steps)   // allocated before the timed steps
        for index in 0..<steps {
            let start = now()
            call()
            times[index] = now() - start
        }
        samples.append(times)
    }
    let faultsPerCall = rounded(Double(minorFaults() - faults) / Double(settings.repeats * steps), 1)
    return Latency(samples: samples, steps: steps, faultsPerCall: faultsPerCall)
}
