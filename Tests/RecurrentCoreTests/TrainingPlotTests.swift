import Foundation
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif
@testable import RecurrentCore

private let header = "step,epoch,batch,loss,validation,learning_rate,gradient_norm,seconds"

private let sampleLog = """
    \(header)
    1,1,1,4.1744,,0.002,3.0571,0.41
    2,1,2,4.0012,,0.002,2.9,0.80
    3,1,3,3.5,,0.002,2.5,1.20
    3,1,,3.8919,3.7,0.002,,1.30
    4,2,1,3.1,,0.002,2.1,1.70
    5,2,2,nan,,0.002,2.0,2.10
    6,2,3,2.9,,0.002,1.9,2.50
    6,2,,3.0,nan,0.002,,2.60
    7,3,1,2.5
    """

/// A synthetic log with `steps` step rows, `perEpoch` steps per epoch.
private func syntheticLog(steps: Int, perEpoch: Int) -> String {
    var lines = [header]
    lines.reserveCapacity(steps + steps / perEpoch + 1)
    for step in 1...steps {
        let epoch = (step - 1) / perEpoch + 1
        let batch = (step - 1) % perEpoch + 1
        let loss = 4.0 * exp(-Double(step) / Double(steps)) + 0.1 * sin(Double(step))
        lines.append("\(step),\(epoch),\(batch),\(String(format: "%.4f", loss)),,0.002,1.5,\(step)")
        if batch == perEpoch {
            lines.append("\(step),\(epoch),,\(String(format: "%.4f", loss)),\(String(format: "%.4f", loss + 0.1)),0.002,,\(step)")
        }
    }
    return lines.joined(separator: "\n") + "\n"
}

/// Checks that the document is well-formed XML with an `<svg>` root. Uses `XMLParser` (from
/// FoundationXML on Linux): on Linux `XMLDocument(xmlString:)` recovers from errors instead of
/// throwing, whereas the parser reports them in `parserError`.
private func isWellFormedXML(_ svg: String) -> Bool {
    let parser = XMLParser(data: Data(svg.utf8))
    let root = RootRecorder()
    parser.delegate = root
    return parser.parse() && parser.parserError == nil && root.name == "svg"
}

private final class RootRecorder: NSObject, XMLParserDelegate {
    var name: String?
    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        if name == nil { name = elementName }
    }
}

@Test func xmlCheckRejectsBrokenDocuments() {
    #expect(isWellFormedXML("<svg xmlns=\"http://www.w3.org/2000/svg\"><g/>&amp;</svg>\n"))
    for broken in ["<svg><g></svg>", "<svg>&</svg>", "<svg></svg><g/>", "<svg>a < b</svg>", "<g/>"] {
        #expect(!isWellFormedXML(broken))
    }
}

/// Values of every numeric (coordinate-like) attribute in the document.
private func coordinateValues(_ svg: String) throws -> [String] {
    let regex = try NSRegularExpression(
        pattern: #"\b(x|y|x1|y1|x2|y2|cx|cy|r|width|height|points|transform|viewBox)="([^"]*)""#)
    let range = NSRange(svg.startIndex..., in: svg)
    return regex.matches(in: svg, range: range).compactMap { match in
        Range(match.range(at: 2), in: svg).map { String(svg[$0]) }
    }
}

private func allNumbersFinite(_ svg: String) throws -> Bool {
    for value in try coordinateValues(svg) {
        let lowered = value.lowercased()
        if lowered.contains("nan") || lowered.contains("inf") { return false }
        let numbers = value.split(whereSeparator: { " ,()".contains($0) })
            .filter { $0.first.map { $0.isNumber || $0 == "-" } ?? false }
        for number in numbers where !(Double(number)?.isFinite ?? false) { return false }
    }
    return true
}

private func count(_ needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

@Suite struct ParsingTests {
    @Test func stepAndEpochRowsAreSeparated() {
        let curves = TrainingPlot.Curves(csv: sampleLog)
        #expect(curves.stepLosses.map(\.step) == [1, 2, 3, 4, 5, 6])
        #expect(curves.stepLosses.map(\.epoch) == [1, 1, 1, 2, 2, 2])
        #expect(curves.stepLosses[0].value == 4.1744)
        #expect(curves.stepLosses[4].value.isNaN)
        #expect(curves.epochLosses == [
            .init(step: 3, epoch: 1, value: 3.8919), .init(step: 6, epoch: 2, value: 3.0),
        ])
        #expect(curves.validation.count == 2)
        #expect(curves.validation[0] == .init(step: 3, epoch: 1, value: 3.7))
        #expect(curves.validation[1].step == 6 && curves.validation[1].epoch == 2)
        #expect(curves.validation[1].value.isNaN)
    }

    @Test func infinitiesAndWhitespaceAndCRLF() {
        let log = "\(header)\r\n1,1,1, 2.5 ,,0.1,1,1\r\n1,1,,inf,-inf,0.1,,1\r\n"
        let curves = TrainingPlot.Curves(csv: log)
        #expect(curves.stepLosses == [.init(step: 1, epoch: 1, value: 2.5)])
        #expect(curves.epochLosses.first?.value == .infinity)
        #expect(curves.validation.first?.value == -.infinity)
    }

    @Test func malformedLinesAreSkipped() {
        let log = """
            \(header)
            garbage
            1,1,1,abc,,0.1,1,1
            x,1,1,2.0,,0.1,1,1
            1,1,1,2.0,,0.1,1
            1,1,1,2.0,,0.1,1,1,extra
            2,1,1.5,2.0,,0.1,1,1
            2,1,,2.0,oops,0.1,,1

            ,,,,,,,
            3,1,3,1.5,,0.1,1,1
            """
        let curves = TrainingPlot.Curves(csv: log)
        #expect(curves.stepLosses == [.init(step: 3, epoch: 1, value: 1.5)])
        #expect(curves.epochLosses.isEmpty)
        #expect(curves.validation.isEmpty)
    }

    @Test func epochRowWithoutValidationHasNoValidationPoint() {
        let curves = TrainingPlot.Curves(csv: "\(header)\n5,1,,2.0,,0.1,,9\n")
        #expect(curves.epochLosses == [.init(step: 5, epoch: 1, value: 2.0)])
        #expect(curves.validation.isEmpty)
    }

    @Test(arguments: ["", header, header + "\n", "\n\n"])
    func headerOnlyOrEmpty(log: String) {
        #expect(TrainingPlot.Curves(csv: log) == TrainingPlot.Curves())
    }
}

@Suite struct SVGTests {
    private func render(_ log: String, title: String = "run", shared: Bool = true,
                        label: String = "validation loss (nats/char)") -> String {
        TrainingPlot.svg(TrainingPlot.Curves(csv: log), title: title, validationLabel: label,
                         validationSharesLossAxis: shared)
    }

    @Test(arguments: [true, false])
    func documentIsWellFormedAndFinite(shared: Bool) throws {
        let svg = render(sampleLog, shared: shared)
        #expect(svg.hasPrefix("<svg"))
        #expect(svg.hasSuffix("</svg>\n"))
        #expect(svg.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("fill=\"white\""))
        #expect(isWellFormedXML(svg))
        #expect(try allNumbersFinite(svg))
        #expect(!svg.contains("no data yet"))
        for text in ["step", "loss", "training loss (smoothed)", "epoch mean training loss",
                     "validation loss (nats/char)"] {
            #expect(svg.contains(">\(text)<"))
        }
    }

    @Test func nanValidationIsNotDrawn() {
        // Only one finite validation value: one square marker in the plot plus one in the legend.
        let svg = render(sampleLog, shared: true)
        #expect(count("<rect x=", in: svg) == 1 + 2)  // background + marker + legend marker
    }

    @Test func titleAndLabelsAreEscaped() {
        let svg = render(sampleLog, title: "a <b> & \"c\"\u{1}", shared: false, label: "F1 <dev> & co")
        #expect(svg.contains("a &lt;b&gt; &amp; &quot;c&quot;</text>"))
        #expect(svg.contains("F1 &lt;dev&gt; &amp; co"))
        #expect(!svg.contains("<b>"))
        #expect(isWellFormedXML(svg))
    }

    @Test func layoutsDiffer() throws {
        let one = render(sampleLog, shared: true, label: "validation loss")
        let two = render(sampleLog, shared: false, label: "dev F1")
        #expect(one.contains("height=\"400\""))
        #expect(two.contains("height=\"800\""))
        #expect(one.contains(">validation loss<"))
        #expect(two.contains(">dev F1<"))
        #expect(two.contains(">epoch<"))
        #expect(count("rotate(-90", in: one) == 1)
        #expect(count("rotate(-90", in: two) == 2)
        #expect(isWellFormedXML(two))
        #expect(try allNumbersFinite(two))
    }

    @Test(arguments: [true, false])
    func emptyDataSaysNoDataYet(shared: Bool) throws {
        let svg = render(header + "\n", shared: shared)
        #expect(count("no data yet", in: svg) == (shared ? 1 : 2))
        #expect(isWellFormedXML(svg))
        #expect(try allNumbersFinite(svg))
    }

    @Test func validationPanelWaitsForFirstEpoch() {
        let svg = render("\(header)\n1,1,1,2.0,,0.1,1,1\n2,1,2,1.9,,0.1,1,1\n", shared: false, label: "dev F1")
        #expect(count("no data yet", in: svg) == 1)
        #expect(svg.contains("<polyline"))
    }

    @Test(arguments: [
        "1,1,1,2.0,,0.1,1,1",                                   // single point
        "1,1,1,2.0,,0.1,1,1\n2,1,2,2.0,,0.1,1,1\n2,1,,2.0,2.0,0.1,,2", // flat series
        "1,1,1,0,,0.1,1,1\n1,1,,0,0,0.1,,1",                    // all zero
        "1,1,1,nan,,0.1,1,1\n1,1,,inf,-inf,0.1,,1",             // nothing finite
        "1,1,1,3e38,,0.1,1,1\n2,1,2,-3e38,,0.1,1,1\n3,1,3,1e-45,,0.1,1,1", // extremes
        "1,1,1,1.00001,,0.1,1,1\n2,1,2,1.00002,,0.1,1,1",       // tiny range
    ])
    func degenerateDataStaysFinite(rows: String) throws {
        for shared in [true, false] {
            let svg = render("\(header)\n\(rows)\n", shared: shared)
            #expect(isWellFormedXML(svg))
            #expect(try allNumbersFinite(svg))
        }
    }

    @Test func tickLabelsAreFormattedToTheStep() throws {
        let log = "\(header)\n1,1,1,0.1,,0.1,1,1\n2,1,2,0.7,,0.1,1,1\n"
        let svg = render(log)
        #expect(!svg.contains("0000000"))
        #expect(svg.contains(">0.3<") || svg.contains(">0.2<"))
    }

    @Test func outputIsDeterministic() {
        let log = syntheticLog(steps: 5_000, perEpoch: 700)
        #expect(render(log) == render(log))
        #expect(render(log, shared: false) == render(log, shared: false))
    }

    @Test func largeLogIsSmallAndFast() throws {
        let log = syntheticLog(steps: 100_000, perEpoch: 2_000)
        let clock = ContinuousClock()
        var svg = ""
        let elapsed = clock.measure {
            svg = render(log, shared: false, label: "dev F1")
        }
        #expect(svg.utf8.count < 1_000_000)
        #expect(elapsed < .seconds(5))  // generous: debug build on a shared machine
        #expect(isWellFormedXML(svg))
        #expect(try allNumbersFinite(svg))
        print("100k rows: \(elapsed), \(svg.utf8.count) bytes")
    }
}
