package dev.switchboard.cli.messaging;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** {@code --raw} or {@code --json}, exclusive; neither means one human-readable line each. */
public final class OutputFormat {
    /** The exclusive pair, as a picocli group. */
    public static final class Choice {
        @Option(
                names = "--raw",
                required = true,
                description = "Print only each payload's bytes, then a newline.")
        boolean raw;

        @Option(
                names = "--json",
                required = true,
                description =
                        "Print one JSON object per message: subject, reply_to, headers, payload"
                                + " (a UTF-8 string, or base64 when encoding is \"base64\").")
        boolean json;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Choice choice;

    /**
     * @return the chosen mode
     */
    public MessagePrinter.Mode mode() {
        if (choice == null) {
            return MessagePrinter.Mode.HUMAN;
        }
        return choice.raw ? MessagePrinter.Mode.RAW : MessagePrinter.Mode.JSON;
    }
}
