import ArgumentParser
import GIConvertCore
import GIConvertFormats

@main
struct GIConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "giconvert",
        abstract: "Turn government information-disclosure annual reports (政府信息公开工作年度报告) into data.",
        discussion: """
            The reader is chosen from the input's extension or content, the writer from the output's
            extension. Run `giconvert formats` for the list.

            Examples:
              giconvert report.txt -o report.csv          long CSV, one row per value
              giconvert page.html -o report.json          the whole report: sections, tables, findings
              giconvert report.txt -o - --to csv          CSV on standard output
              giconvert report.docx -o out.csv --strict   exit 3 when a consistency rule fails

            Exit status: 0 converted; 1 an input could not be read or the output not written;
            3 with --strict, a consistency rule failed (the output is still written); 64 usage error.
            """,
        subcommands: [ConvertCommand.self, FormatsCommand.self],
        defaultSubcommand: ConvertCommand.self)
}
