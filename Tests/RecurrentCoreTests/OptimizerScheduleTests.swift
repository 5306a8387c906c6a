import Foundation
import RecurrentCore
import Testing
import _TestSupport

// The reference numbers below come from PyTorch 2.15.0 (CPU), produced once by this script:
//
//     import torch
//     def fmt(xs): return "[" + ", ".join(repr(float(x)) for x in xs) + "]"
//
//     # SGD: momentum 0.9, nesterov, weight decay 0.01, lr 0.1, four steps with fixed gradients.
//     p = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float32, requires_grad=True)
//     opt = torch.optim.SGD([p], lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)
//     grads = [[0.5, -0.25, 1.0], [0.1, 0.2, -0.3], [-0.4, 0.0, 0.6], [0.05, -0.5, 0.25]]
//     for g in grads:
//         p.grad = torch.tensor(g, dtype=torch.float32)
//         opt.step()
//         print("nesterov", fmt(p.detach()))
//     print("nesterov buffer", fmt(opt.state[p]["momentum_buffer"]))
//
//     # SGD: momentum 0.8, dampening 0.3, no nesterov, weight decay 0.05, lr 0.2.
//     p = torch.tensor([1.0, -2.0, 0.5], dtype=torch.float32, requires_grad=True)
//     opt = torch.optim.SGD([p], lr=0.2, momentum=0.8, dampening=0.3, weight_decay=0.05)
//     for g in grads:
//         p.grad = torch.tensor(g, dtype=torch.float32)
//         opt.step()
//         print("dampened", fmt(p.detach()))
//
//     def rates(make, epochs=15, base=0.1):
//         q = torch.zeros(1, requires_grad=True)
//         o = torch.optim.SGD([q], lr=base)
//         s = make(o)
//         out = []
//         for _ in range(epochs):
//             out.append(o.param_groups[0]["lr"])
//             o.step()
//             s.step()
//         return out
//
//     print("steplr", fmt(rates(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=3, gamma=0.5))))
//     print("cosine", fmt(rates(lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=10, eta_min=0.001))))
//     def warm(o):
//         w, total = 3, 12
//         return torch.optim.lr_scheduler.SequentialLR(o, [
//             torch.optim.lr_scheduler.LinearLR(o, start_factor=1 / (w + 1), end_factor=1.0, total_iters=w),
//             torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=total - w, eta_min=0.001)], milestones=[w])
//     print("warmcos", fmt(rates(warm)))
//
//     q = torch.zeros(1, requires_grad=True)
//     o = torch.optim.SGD([q], lr=0.1)
//     s = torch.optim.lr_scheduler.ReduceLROnPlateau(o, mode="min", factor=0.5, patience=2, threshold=1e-4,
//                                                    threshold_mode="rel", cooldown=1, min_lr=0.01)
//     metrics = [1.0, 0.9, 0.95, 0.91, 0.92, 0.89995, 0.9, 0.85, 0.86, 0.87, 0.88, 0.84, 0.84, 0.85, 0.86,
//                0.87, 0.88, 0.89, 0.9, 0.91, 0.92, 0.93, 0.94]
//     out = []
//     for m in metrics:
//         o.step(); s.step(m); out.append(o.param_groups[0]["lr"])
//     print("plateau", fmt(out))
//     print("plateau state", s.best, s.num_bad_epochs, s.cooldown_counter)
private enum PyTorch {
    static let gradients: [[Float]] = [[0.5, -0.25, 1.0], [0.1, 0.2, -0.3], [-0.4, 0.0, 0.6], [0.05, -0.5, 0.25]]
    static let nesterov: [[Float]] = [
        [0.9031000137329102, -1.948699951171875, 0.3090499937534332],
        [0.8410741090774536, -1.9611274003982544, 0.2840577960014343],
        [0.8694655299186707, -1.952339768409729, 0.12030325829982758],
        [0.8486227989196777, -1.8474864959716797, -0.020548753440380096],
    ]
    static let nesterovBuffer: [Float] = [0.16636943817138672, -0.5877879858016968, 1.2859078645706177]
    static let dampened: [[Float]] = [
        [0.8899999856948853, -1.9299999475479126, 0.29499998688697815],
        [0.7817699909210205, -1.8884899616241455, 0.1709349900484085],
        [0.7457135915756226, -1.8420624732971191, -0.013513565063476562],
        [0.704648494720459, -1.7220261096954346, -0.1959778219461441],
    ]
    static let stepLR: [Float] = [0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125, 0.0125, 0.0125,
                                  0.00625, 0.00625, 0.00625]
    static let cosine: [Float] = [
        0.1, 0.09757729755661011, 0.0905463412215599, 0.07959536998847742, 0.0657963412215599, 0.0505,
        0.03520365877844011, 0.02140463001152259, 0.010453658778440109, 0.0034227024433899004, 0.001,
        0.0034227024433899004, 0.01045365877844014, 0.02140463001152267, 0.035203658778440255,
    ]
    static let warmupCosine: [Float] = [
        0.025, 0.05, 0.07500000000000001, 0.1, 0.09701478472890247, 0.0884191999343894, 0.07525,
        0.05909558479451306, 0.04190441520548695, 0.02575000000000001, 0.012580800065610593,
        0.003985215271097539, 0.001, 0.003985215271097534, 0.012580800065610576,
    ]
    static let plateauMetrics: [Float] = [1.0, 0.9, 0.95, 0.91, 0.92, 0.89995, 0.9, 0.85, 0.86, 0.87, 0.88, 0.84, 0.84,
                                          0.85, 0.86, 0.87, 0.88, 0.89, 0.9, 0.91, 0.92, 0.93, 0.94]
    static let plateau: [Float] = [0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.025,
                                   0.0125, 0.0125, 0.0125, 0.0125, 0.01, 0.01, 0.01, 0.01, 0.01]
}

private func matches(_ actual: [Float], _ expected: [Float]) -> Comparison {
    compare(actual, expected, relative: 0, absolute: 1e-6)
}

@Suite struct OptimizerScheduleTests {
    // MARK: SGD

    /// Runs `sgd` for PyTorch's fixed gradients number `steps` and returns the parameter after each.
    private func run(_ sgd: SGD, _ value: Tensor, _ gradient: Tensor, steps: Range<Int>) -> [[Float]] {
        steps.map { step in
            gradient.assign(Tensor(shape: [3], values: PyTorch.gradients[step]))
            sgd.update()
            return value.values
        }
    }

    @Test func sgdWithNesterovMomentumAndWeightDecayMatchesPyTorch() {
        let value = Tensor(shape: [3], values: [1, -2, 0.5]), gradient = Tensor(zeros: [3])
        let sgd = SGD(parameters: [(value, gradient)], learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01)
        for (actual, expected) in zip(run(sgd, value, gradient, steps: 0..<4), PyTorch.nesterov) {
            let comparison = matches(actual, expected)
            #expect(comparison.agrees, "\(comparison)")
        }
        #expect(matches(sgd.momentumBuffers[0].values, PyTorch.nesterovBuffer).agrees)
        #expect(sgd.step == 4)
        #expect(gradient.values == PyTorch.gradients[3])   // read, never changed
    }

    @Test func sgdWithDampenedMomentumMatchesPyTorch() {
        let value = Tensor(shape: [3], values: [1, -2, 0.5]), gradient = Tensor(zeros: [3])
        let sgd = SGD(parameters: [(value, gradient)], learningRate: 0.2, momentum: 0.8, dampening: 0.3, weightDecay: 0.05)
        for (actual, expected) in zip(run(sgd, value, gradient, steps: 0..<4), PyTorch.dampened) {
            let comparison = matches(actual, expected)
            #expect(comparison.agrees, "\(comparison)")
        }
    }

    @Test func plainSGDStepsAgainstTheGradientAndKeepsNoBuffers() {
        let value = Tensor(shape: [2], values: [1, -2]), gradient = Tensor(shape: [2], values: [0.5, -0.25])
        let sgd = SGD(parameters: [(value, gradient)], learningRate: 0.1, weightDecay: 0.1)
        sgd.update()
        #expect(sgd.momentumBuffers.isEmpty)
        // p -= lr (g + wd p)
        #expect(matches(value.values, [1 - 0.1 * (0.5 + 0.1), -2 - 0.1 * (-0.25 - 0.2)]).agrees)
    }

    @Test func sgdResumedFromItsStateContinuesExactly() {
        let straight = Tensor(shape: [3], values: [1, -2, 0.5]), straightGradient = Tensor(zeros: [3])
        let uninterrupted = SGD(parameters: [(straight, straightGradient)], learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01)
        let expected = run(uninterrupted, straight, straightGradient, steps: 0..<4)

        let value = Tensor(shape: [3], values: [1, -2, 0.5]), gradient = Tensor(zeros: [3])
        let before = SGD(parameters: [(value, gradient)], learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01)
        _ = run(before, value, gradient, steps: 0..<2)
        // A checkpoint keeps the parameter, the buffers and the step; a new optimizer takes them back.
        let (savedValue, savedBuffer, savedStep) = (value.copy(), before.momentumBuffers[0].copy(), before.step)
        let restoredValue = savedValue.copy(), restoredGradient = Tensor(zeros: [3])
        let resumed = SGD(parameters: [(restoredValue, restoredGradient)], learningRate: 0.1, momentum: 0.9, nesterov: true, weightDecay: 0.01)
        resumed.momentumBuffers = [savedBuffer]
        resumed.restore(step: savedStep)
        let after = run(resumed, restoredValue, restoredGradient, steps: 2..<4)
        #expect(after == Array(expected[2...]))
        #expect(resumed.step == 4)
    }

    // MARK: Schedules

    @Test func stepScheduleMatchesPyTorchStepLR() {
        let rates = (0..<15).map { LearningRateSchedule.step(every: 3, factor: 0.5).rate(base: 0.1, at: $0) }
        let comparison = matches(rates, PyTorch.stepLR)
        #expect(comparison.agrees, "\(comparison)")
        #expect(LearningRateSchedule.constant.rate(base: 0.3, at: 1000) == 0.3)
    }

    @Test func cosineScheduleMatchesPyTorchCosineAnnealingLR() {
        let rates = (0..<15).map { LearningRateSchedule.cosine(total: 10, minimum: 0.001).rate(base: 0.1, at: $0) }
        let comparison = matches(rates, PyTorch.cosine)
        #expect(comparison.agrees, "\(comparison)")
    }

    @Test func cosineScheduleWithWarmupMatchesPyTorchSequentialLR() {
        let rates = (0..<15).map { LearningRateSchedule.cosine(total: 12, minimum: 0.001, warmup: 3).rate(base: 0.1, at: $0) }
        let comparison = matches(rates, PyTorch.warmupCosine)
        #expect(comparison.agrees, "\(comparison)")
    }

    @Test func schedulesRoundTripThroughCodable() throws {
        for schedule: LearningRateSchedule in [.constant, .step(every: 3, factor: 0.5), .cosine(total: 12, minimum: 0.001, warmup: 3)] {
            let decoded = try JSONDecoder().decode(LearningRateSchedule.self, from: JSONEncoder().encode(schedule))
            #expect(decoded == schedule)
        }
    }

    @Test func reduceOnPlateauMatchesPyTorch() {
        var plateau = ReduceOnPlateau(learningRate: 0.1, factor: 0.5, patience: 2, threshold: 1e-4, cooldown: 1, minimum: 0.01)
        #expect(plateau.best == nil)
        let rates = PyTorch.plateauMetrics.map { plateau.observe($0) }
        let comparison = matches(rates, PyTorch.plateau)
        #expect(comparison.agrees, "\(comparison)")
        // PyTorch's final state: best 0.84, num_bad_epochs 0, cooldown_counter 1.
        #expect(plateau.best == 0.84 && plateau.badEpochs == 0 && plateau.cooldownCounter == 1)
        #expect(plateau.learningRate == rates.last)
    }

    @Test func reduceOnPlateauResumesFromItsEncodedState() throws {
        var plateau = ReduceOnPlateau(learningRate: 0.1, factor: 0.5, patience: 2, threshold: 1e-4, cooldown: 1, minimum: 0.01)
        // The initial state (no best yet) encodes too.
        #expect(try JSONDecoder().decode(ReduceOnPlateau.self, from: JSONEncoder().encode(plateau)) == plateau)
        var rates = PyTorch.plateauMetrics[..<9].map { plateau.observe($0) }
        var resumed = try JSONDecoder().decode(ReduceOnPlateau.self, from: JSONEncoder().encode(plateau))
        #expect(resumed == plateau)
        rates += PyTorch.plateauMetrics[9...].map { resumed.observe($0) }
        #expect(matches(rates, PyTorch.plateau).agrees)
    }
}
