import ArgumentParser
import CLISupport

@main
enum Main {
    static func main() { CommandRunner.main(Tagger.self) }
}

/// `tagger`: BiLSTM-CRF part-of-speech and named-entity tagging.
struct Tagger: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tagger",
        abstract: "BiLSTM-CRF part-of-speech and named-entity tagging, from raw text to scores.",
        discussion: """
            Without --model, annotate uses the shipped models: Models/pos-en.quill (universal \
            part-of-speech tags) and, with --model ner-en, Models/ner-en.quill (PER, ORG, LOC), \
            found from the working directory, $QUILL_MODELS, or beside the executable.

            Examples:
              tagger annotate story.txt --model pos-en --model ner-en --format jsonl
              echo "Ada Lovelace was born in London." | tagger annotate - --model ner-en
              tagger train --train en_ewt-ud-train.conllu --dev en_ewt-ud-dev.conllu --out pos.quill
              tagger evaluate --model pos.quill --gold en_ewt-ud-test.conllu
              tagger convert --from bio --to bioes train.iob2 > train.bioes
            """,
        subcommands: [Annotate.self, Train.self, Evaluate.self, Convert.self],
        defaultSubcommand: Annotate.self
    )
}
