import Foundation

/// Reads the CSV log written during training and draws it as a standalone SVG chart.
///
/// Log format (one header line, then one row per line; epochs and batches count from 1):
/// ```
/// step,epoch,batch,loss,validation,learning_rate,gradient_norm,seconds
/// 1,1,1,4.1744,,0.002,3.0571,0.41
/// 250,1,,1.9032,1.8711,0.002,,102.40
/// ```
/// - A *step row* has a batch number and an empty `validation` column.
/// - An *epoch row* (one at the end of each epoch) has an empty `batch` column; `loss` is the
///   epoch's mean training loss, `validation` the validation score (`nan`, `inf`, `-inf` allowed),
///   and `step` the step count at the epoch's end.
///
/// Only `step`, `epoch`, `batch`, `loss` and `validation` are read. Lines without exactly eight
/// fields or with unparseable numbers (the header, a line cut short by an interrupted run) are
/// skipped silently. Non-finite values are kept by the parser but never drawn.
public enum TrainingPlot {

    /// One value of a curve. `value` may be non-finite (so `==` is false for NaN values).
    public struct Point: Sendable, Equatable {
        public var step: Int
        public var epoch: Int
        public var value: Float

        public init(step: Int, epoch: Int, value: Float) {
            self.step = step
            self.epoch = epoch
            self.value = value
        }
    }

    /// The curves of a training log, each in file order.
    public struct Curves: Sendable, Equatable {
        /// Step rows: (step, epoch, loss).
        public var stepLosses: [Point]
        /// Epoch rows: (step at the epoch's end, epoch, mean training loss).
        public var epochLosses: [Point]
        /// Epoch rows: (step at the epoch's end, epoch, validation score). An epoch row whose
        /// validation column is empty adds no point here.
        public var validation: [Point]

        public init(stepLosses: [Point] = [], epochLosses: [Point] = [], validation: [Point] = []) {
            self.stepLosses = stepLosses
            self.epochLosses = epochLosses
            self.validation = validation
        }

        /// Parses the log text described on ``TrainingPlot``; never fails. Lines may end in
        /// `\n` or `\r\n`; blanks around fields are ignored.
        public init(csv: String) {
            self.init()
            let comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n")
            for line in csv.utf8.split(separator: newline) {
                // Byte-level splitting: far faster than Character-based splitting on large logs.
                let fields = line.split(separator: comma, omittingEmptySubsequences: false)
                    .map { Substring(Self.trimmed($0)) }
                guard fields.count == 8, let step = Int(fields[0]), let epoch = Int(fields[1]),
                      let loss = Float(fields[3]) else { continue }
                if fields[2].isEmpty {
                    var score: Float?
                    if !fields[4].isEmpty {
                        guard let value = Float(fields[4]) else { continue }
                        score = value
                    }
                    epochLosses.append(Point(step: step, epoch: epoch, value: loss))
                    if let score { validation.append(Point(step: step, epoch: epoch, value: score)) }
                } else if Int(fields[2]) != nil {
                    stepLosses.append(Point(step: step, epoch: epoch, value: loss))
                }
            }
        }

        private static func trimmed(_ field: Substring.UTF8View) -> Substring.UTF8View {
            let isBlank = { (byte: UInt8) in byte == 0x20 || byte == 0x09 || byte == 0x0D }
            var field = field
            while let byte = field.first, isBlank(byte) { field.removeFirst() }
            while let byte = field.last, isBlank(byte) { field.removeLast() }
            return field
        }
    }

    /// Renders the curves as an SVG 1.1 document: 720 px wide, 400 px tall per panel, starting
    /// with `<svg` and ending with `</svg>\n`. The output is deterministic.
    ///
    /// The training loss per step is drawn as a thin light line, smoothed with a trailing moving
    /// average over about 1/50 of the (finite) step points and thinned to at most 1,000 vertices;
    /// the epoch-mean training loss as markers joined by a line. Faint vertical lines mark the
    /// epoch ends (when there are at most 200 epochs). Non-finite values are skipped; a panel
    /// with nothing to draw shows "no data yet".
    /// - Parameters:
    ///   - title: text at the top (escaped for XML).
    ///   - validationLabel: names the validation series, e.g. "validation loss (nats/char)" or "dev F1".
    ///   - validationSharesLossAxis: `true` when validation is a loss on the training loss's scale:
    ///     one panel with all three series against the step. `false` (e.g. dev F1, accuracy): two
    ///     panels, the training loss on top and the validation score per epoch below.
    public static func svg(_ curves: Curves, title: String, validationLabel: String,
                           validationSharesLossAxis: Bool) -> String {
        let panels = validationSharesLossAxis ? 1 : 2
        let height = panelHeight * Double(panels)
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"\(num(width))\" "
            + "height=\"\(num(height))\" viewBox=\"0 0 \(num(width)) \(num(height))\" "
            + "font-family=\"sans-serif\" font-size=\"12\">\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(num(width))\" height=\"\(num(height))\" fill=\"white\"/>\n"
        out += "<text x=\"\(num(width / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"16\" "
            + "font-weight=\"bold\">\(escape(title))</text>\n"

        var lossSeries = [
            Series(name: "training loss (smoothed)", color: "#9ecae1", marker: nil,
                   points: smoothedStepLosses(curves.stepLosses)),
            Series(name: "epoch mean training loss", color: "#08519c", marker: .circle,
                   points: curves.epochLosses.map { (Double($0.step), Double($0.value)) }),
        ]
        let validation = Series(name: validationLabel, color: "#d94801", marker: .square,
                                points: curves.validation.map { (Double($0.step), Double($0.value)) })
        if validationSharesLossAxis { lossSeries.append(validation) }
        let epochEnds = curves.epochLosses.count <= 200 ? curves.epochLosses.map { Double($0.step) } : []
        out += panel(top: 0, series: lossSeries, xTitle: "step", yTitle: "loss",
                     integerX: true, xFromZero: true, verticalLines: epochEnds)
        if !validationSharesLossAxis {
            var byEpoch = validation
            byEpoch.points = curves.validation.map { (Double($0.epoch), Double($0.value)) }
            out += panel(top: panelHeight, series: [byEpoch], xTitle: "epoch", yTitle: validationLabel,
                         integerX: true, xFromZero: false, verticalLines: [])
        }
        return out + "</svg>\n"
    }

    // MARK: - Layout

    private static let width = 720.0, panelHeight = 400.0
    private static let plotLeft = 70.0, plotRight = 680.0
    private static let maxVertices = 1000

    private enum Marker { case circle, square }

    private struct Series {
        var name: String
        var color: String
        var marker: Marker?
        var points: [(x: Double, y: Double)]
    }

    /// Trailing moving average (window ≈ n/50, at least 1) of the finite step losses, evaluated
    /// only at ≤ `maxVertices` evenly spaced points (each average is summed directly, so a huge
    /// outlier cannot leave rounding residue in later values).
    private static func smoothedStepLosses(_ points: [Point]) -> [(x: Double, y: Double)] {
        let finite = points.filter { $0.value.isFinite }
        let n = finite.count
        guard n > 0 else { return [] }
        let window = max(1, n / 50)
        let indices: [Int] = n <= maxVertices ? Array(0..<n) : (0..<maxVertices).map {
            Int((Double($0) * Double(n - 1) / Double(maxVertices - 1)).rounded())
        }
        return indices.map { i in
            let start = max(0, i - window + 1)
            var sum = 0.0
            for j in start...i { sum += Double(finite[j].value) }
            return (Double(finite[i].step), sum / Double(i - start + 1))
        }
    }

    private static func panel(top: Double, series: [Series], xTitle: String, yTitle: String,
                              integerX: Bool, xFromZero: Bool, verticalLines: [Double]) -> String {
        let plotTop = top + 64, plotBottom = top + 350
        let drawn = series.map { s -> Series in
            var s = s
            s.points = s.points.filter { $0.x.isFinite && $0.y.isFinite }
            return s
        }
        let all = drawn.flatMap(\.points)
        let xs = all.map(\.x), ys = all.map(\.y)
        let xAxis = Axis(min: xFromZero ? min(0, xs.min() ?? 0) : xs.min() ?? 0, max: xs.max() ?? 1, integer: integerX)
        let yAxis = Axis(min: ys.min() ?? 0, max: ys.max() ?? 1, integer: false)
        let px = { (x: Double) in plotLeft + xAxis.fraction(x) * (plotRight - plotLeft) }
        let py = { (y: Double) in plotBottom - yAxis.fraction(y) * (plotBottom - plotTop) }

        var out = "<g>\n"
        for tick in yAxis.ticks {
            let y = num(py(tick))
            out += "<line x1=\"\(num(plotLeft))\" y1=\"\(y)\" x2=\"\(num(plotRight))\" y2=\"\(y)\" stroke=\"#eeeeee\"/>\n"
            out += "<text x=\"\(num(plotLeft - 6))\" y=\"\(num(py(tick) + 4))\" text-anchor=\"end\">\(yAxis.label(tick))</text>\n"
        }
        for tick in xAxis.ticks {
            let x = num(px(tick))
            out += "<line x1=\"\(x)\" y1=\"\(num(plotBottom))\" x2=\"\(x)\" y2=\"\(num(plotBottom + 5))\" stroke=\"black\"/>\n"
            out += "<text x=\"\(x)\" y=\"\(num(plotBottom + 18))\" text-anchor=\"middle\">\(xAxis.label(tick))</text>\n"
        }
        for line in verticalLines where line.isFinite && line >= xAxis.lo && line <= xAxis.hi {
            let x = num(px(line))
            out += "<line x1=\"\(x)\" y1=\"\(num(plotTop))\" x2=\"\(x)\" y2=\"\(num(plotBottom))\" stroke=\"#dddddd\" stroke-dasharray=\"4 3\"/>\n"
        }
        for s in drawn where !s.points.isEmpty {
            let coords = s.points.map { (num(px($0.x)), num(py($0.y))) }
            if coords.count > 1 {
                let width = s.marker == nil ? "1" : "1.5"
                out += "<polyline fill=\"none\" stroke=\"\(s.color)\" stroke-width=\"\(width)\" points=\""
                    + coords.map { "\($0.0),\($0.1)" }.joined(separator: " ") + "\"/>\n"
            }
            if s.marker != nil || coords.count == 1 {
                for (x, y) in coords { out += marker(s.marker, x: x, y: y, color: s.color) }
            }
        }
        if all.isEmpty {
            out += "<text x=\"\(num((plotLeft + plotRight) / 2))\" y=\"\(num((plotTop + plotBottom) / 2))\" "
                + "text-anchor=\"middle\" font-size=\"16\" fill=\"#888888\">no data yet</text>\n"
        }
        out += "<line x1=\"\(num(plotLeft))\" y1=\"\(num(plotTop))\" x2=\"\(num(plotLeft))\" y2=\"\(num(plotBottom))\" stroke=\"black\"/>\n"
        out += "<line x1=\"\(num(plotLeft))\" y1=\"\(num(plotBottom))\" x2=\"\(num(plotRight))\" y2=\"\(num(plotBottom))\" stroke=\"black\"/>\n"
        out += "<text x=\"\(num((plotLeft + plotRight) / 2))\" y=\"\(num(plotBottom + 40))\" text-anchor=\"middle\">\(escape(xTitle))</text>\n"
        let midY = num((plotTop + plotBottom) / 2)
        out += "<text x=\"18\" y=\"\(midY)\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(midY))\">\(escape(yTitle))</text>\n"

        var legendX = plotLeft
        let legendY = top + 46
        for s in series {
            let y = num(legendY - 4)
            out += "<line x1=\"\(num(legendX))\" y1=\"\(y)\" x2=\"\(num(legendX + 24))\" y2=\"\(y)\" stroke=\"\(s.color)\" stroke-width=\"2\"/>\n"
            if s.marker != nil { out += marker(s.marker, x: num(legendX + 12), y: y, color: s.color) }
            out += "<text x=\"\(num(legendX + 30))\" y=\"\(num(legendY))\">\(escape(s.name))</text>\n"
            legendX += 48 + 6.5 * Double(s.name.count)
        }
        return out + "</g>\n"
    }

    private static func marker(_ marker: Marker?, x: String, y: String, color: String) -> String {
        switch marker {
        case .square:
            return "<rect x=\"\(x)\" y=\"\(y)\" width=\"7\" height=\"7\" transform=\"translate(-3.5 -3.5)\" fill=\"\(color)\"/>\n"
        case .circle:
            return "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"3.5\" fill=\"\(color)\"/>\n"
        case nil:
            return "<circle cx=\"\(x)\" cy=\"\(y)\" r=\"2\" fill=\"\(color)\"/>\n"
        }
    }

    /// An axis range rounded out to "nice" ticks (1-2-5 × 10ⁿ, at most 8 ticks).
    private struct Axis {
        var lo = 0.0, hi = 1.0, step = 0.2
        var ticks: [Double] = []
        var decimals = 1

        init(min: Double, max: Double, integer: Bool) {
            var a = min, b = max
            if !(a.isFinite && b.isFinite) || a > b { (a, b) = (0, 1) }
            if a == b {
                let pad = integer || a == 0 ? 1 : abs(a) * 0.1
                (a, b) = (a - pad, b + pad)
            }
            let magnitude = pow(10, (log10((b - a) / 5)).rounded(.down))
            for multiple in [0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50] {
                var candidate = multiple * magnitude
                if integer { candidate = candidate.rounded(); if candidate < 1 { continue } }
                let (l, h) = ((a / candidate).rounded(.down) * candidate, (b / candidate).rounded(.up) * candidate)
                if h > l, (h - l) / candidate <= 7.5 { (lo, hi, step) = (l, h, candidate); break }
            }
            if !(hi > lo && step > 0 && lo.isFinite && hi.isFinite) { (lo, hi, step) = (a, b, b - a) }
            let count = Int(((hi - lo) / step).rounded())
            ticks = (0...Swift.max(1, Swift.min(count, 8))).map { i in
                let v = lo + Double(i) * step
                return abs(v) < step * 1e-9 ? 0 : v
            }
            decimals = integer ? 0 : Swift.min(12, Swift.max(0, -Int((log10(step) + 1e-9).rounded(.down))))
        }

        func fraction(_ v: Double) -> Double {
            let f = (v - lo) / (hi - lo)
            return f.isFinite ? f : 0
        }

        func label(_ v: Double) -> String {
            if Swift.max(abs(lo), abs(hi)) >= 1e9 || decimals > 8 { return String(format: "%.3g", v) }
            return String(format: "%.\(decimals)f", v)
        }
    }

    // MARK: - Text

    /// A coordinate with at most one decimal; clamped so the SVG never holds NaN/inf or huge numbers.
    private static func num(_ v: Double) -> String {
        guard v.isFinite else { return "0" }
        let r = (Swift.min(Swift.max(v, -1e5), 1e5) * 10).rounded() / 10
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    /// Escapes `& < > " '` and drops characters XML 1.0 does not allow (tab and newlines become spaces).
    private static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out += " "
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
