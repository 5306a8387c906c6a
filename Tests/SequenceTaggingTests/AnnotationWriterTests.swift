import Foundation
import Testing
@testable import SequenceTagging

@Suite struct AnnotationWriterTests {
    static let sentence = AnnotatedSentence(
        tokens: ["Ada", "visited", "New", "York", "."], spaceAfter: [true, true, true, false, false],
        layers: [
            TagLayer(name: "upos", tags: ["PROPN", "VERB", "PROPN", "PROPN", "PUNCT"]),
            TagLayer(name: "ner", tags: ["B-PER", "O", "B-LOC", "I-LOC", "O"], scheme: .bio),
        ],
        text: "Ada visited New York.", tokenOffsets: [10..<13, 14..<21, 22..<25, 26..<30, 30..<31])

    @Test func everyFormat() throws {
        #expect(AnnotationWriter(format: .inline).format(Self.sentence, number: 1)
                == "Ada/PROPN/B-PER visited/VERB/O New/PROPN/B-LOC York/PROPN/I-LOC ./PUNCT/O\n")
        #expect(AnnotationWriter(format: .conll).format(Self.sentence, number: 1)
                == "Ada\tPROPN\tB-PER\nvisited\tVERB\tO\nNew\tPROPN\tB-LOC\nYork\tPROPN\tI-LOC\n.\tPUNCT\tO\n\n")
        #expect(AnnotationWriter(format: .conllu).format(Self.sentence, number: 3) == """
            # sent_id = 3
            # text = Ada visited New York.
            1\tAda\t_\tPROPN\t_\t_\t_\t_\t_\tTokenRange=10:13|Ner=B-PER
            2\tvisited\t_\tVERB\t_\t_\t_\t_\t_\tTokenRange=14:21|Ner=O
            3\tNew\t_\tPROPN\t_\t_\t_\t_\t_\tTokenRange=22:25|Ner=B-LOC
            4\tYork\t_\tPROPN\t_\t_\t_\t_\t_\tTokenRange=26:30|SpaceAfter=No|Ner=I-LOC
            5\t.\t_\tPUNCT\t_\t_\t_\t_\t_\tTokenRange=30:31|Ner=O


            """)
        let json = AnnotationWriter(format: .jsonl).format(Self.sentence, number: 1)
        #expect(json.hasSuffix("}\n") && json.filter { $0 == "\n" }.count == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(object["text"] as? String == "Ada visited New York." && object["start"] as? Int == 10 && object["end"] as? Int == 31)
        let tokens = try #require(object["tokens"] as? [[String: Any]])
        #expect(tokens[2]["text"] as? String == "New" && tokens[2]["start"] as? Int == 22 && tokens[2]["upos"] as? String == "PROPN")
        let entities = try #require(object["entities"] as? [[String: Any]])
        #expect(entities.count == 2)
        #expect(entities[1]["text"] as? String == "New York" && entities[1]["type"] as? String == "LOC")
        #expect(entities[1]["start"] as? Int == 22 && entities[1]["end"] as? Int == 30 && entities[1]["tokens"] as? [Int] == [2, 4])
    }

    @Test func alternativesAndAwkwardTokens() throws {
        var sentence = AnnotatedSentence(tokens: ["a\"b", "tab\there"], spaceAfter: [true, false],
                                         layers: [TagLayer(name: "upos", tags: ["X", "NOUN"],
                                                           alternatives: [[TagHypothesis(tag: "X", probability: 0.9), TagHypothesis(tag: "SYM", probability: 0.0999)],
                                                                          [TagHypothesis(tag: "NOUN", probability: 1), TagHypothesis(tag: "X", probability: 0)]])])
        #expect(AnnotationWriter(format: .conll).format(sentence, number: 1) == "a\"b\tX\tX:0.900|SYM:0.100\ntab here\tNOUN\tNOUN:1.000|X:0.000\n\n")
        #expect(AnnotationWriter(format: .inline).format(sentence, number: 1) == "a\"b/X:0.900|SYM:0.100 tab here/NOUN:1.000|X:0.000\n")
        sentence.tokenOffsets = nil
        let json = AnnotationWriter(format: .jsonl).format(sentence, number: 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let tokens = try #require(object["tokens"] as? [[String: Any]])
        #expect(tokens[1]["text"] as? String == "tab\there")
        #expect((tokens[0]["upos_alternatives"] as? [[Any]])?.first?.first as? String == "X")
        #expect(AnnotationWriter(format: .conllu).format(sentence, number: 1).contains("UposAlternatives=X:0.900,SYM:0.100"))
    }
}
