import Foundation
import Testing
import VocabularyStore

@Test func labelSetKeepsTheGivenOrder() throws {
    let tags = try LabelSet(["O", "B-PER", "I-PER"])
    #expect(tags.count == 3)
    #expect(tags.labels == ["O", "B-PER", "I-PER"])
    #expect(tags.id(for: "B-PER") == 1)
    #expect(tags.label(for: 2) == "I-PER")
    #expect(tags.id(for: "B-LOC") == nil)   // no unknown label
    #expect(!tags.contains("B-LOC"))
}

@Test func labelSetRejectsDuplicatesAndEmptyLabels() {
    #expect(throws: VocabularyError.duplicateLabel(source: "label set", label: "NOUN", firstID: 0, secondID: 2)) {
        try LabelSet(["NOUN", "VERB", "NOUN"])
    }
    #expect(throws: VocabularyError.emptyLabel(source: "label set", id: 1)) {
        try LabelSet(["NOUN", ""])
    }
    #expect(VocabularyError.duplicateLabel(source: "label set", label: "NOUN", firstID: 0, secondID: 2).description
        == #"label set: label "NOUN" appears twice (ids 0 and 2)"#)
}

@Test func insertAppendsNewLabelsAndReturnsExistingIDs() {
    var tags = LabelSet()
    #expect(tags.insert("NOUN") == 0)
    #expect(tags.insert("VERB") == 1)
    #expect(tags.insert("NOUN") == 0)
    #expect(tags.labels == ["NOUN", "VERB"])
}

@Test func collectingSortsDistinctLabelsByCodePoint() {
    let tags = LabelSet.collecting(from: ["VERB", "NOUN", "adj", "NOUN", "", "f", "e\u{301}", "ADJ"])
    #expect(tags.labels == ["ADJ", "NOUN", "VERB", "adj", "e\u{301}", "f"])
    #expect(LabelSet.collecting(from: [String]()).count == 0)
}

@Test func documentationExampleForLabelSetHolds() {
    var tags = LabelSet.collecting(from: ["NOUN", "VERB", "NOUN", "ADJ"])
    #expect(tags.labels == ["ADJ", "NOUN", "VERB"])
    #expect(tags.id(for: "VERB") == 2)
    #expect(tags.insert("ADV") == 3)
}

@Test func labelSetJSONRoundTrip() throws {
    let tags = try LabelSet(["O", "B-PER", "I-PER", "B-LOC", "É"])
    let json = tags.jsonString()
    #expect(json == #"{"format":"quill.labels","labels":["O","B-PER","I-PER","B-LOC","É"],"version":1}"#)
    #expect(try LabelSet(json: json, source: "tags") == tags)
    #expect(try LabelSet(json: Data(json.utf8), source: "tags") == tags)
    #expect(try LabelSet(json: LabelSet().jsonString(), source: "tags") == LabelSet())
}

@Test(arguments: [
    (#"{"format":"quill.labels","version":1,"labels":["O","B-PER","O"]}"#,
     #"label "O" appears twice (ids 0 and 2)"#),
    (#"{"format":"quill.labels","version":1,"labels":["O",""]}"#,
     "the label with id 1 is empty"),
    (#"{"format":"quill.vocabulary","version":1,"labels":["O"]}"#,
     #"the format is "quill.vocabulary", expected "quill.labels""#),
    (#"{"format":"quill.labels","version":3,"labels":["O"]}"#,
     "was written by a newer Quill (format version 3; this build reads 1)"),
    (#"{"format":"quill.labels","version":1,"labels":"O"}"#,
     #""labels" should be an array ([...])"#),
    (#"{"format":"quill.labels","version":1,"labels":["O",1]}"#,
     #""labels[1]" should be a string"#),
    (#"{"format":"quill.labels","version":1}"#,
     #"the field "labels" is missing"#),
    ("labels: O, B-PER", "the text is not valid JSON"),
])
func loadRejectsAnInvalidLabelSetNamingTheProblem(json: String, message: String) {
    let source = "model.quill metadata 'labels'"
    do {
        _ = try LabelSet(json: json, source: source)
        Issue.record("loaded an invalid label set: \(json)")
    } catch {
        #expect(error.description == "\(source): \(message)")
    }
}
