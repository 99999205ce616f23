/** The {@code switchboard} command. Exports nothing: it is an application. */
module dev.switchboard.cli {
    requires dev.switchboard.core;
    requires info.picocli;

    opens dev.switchboard.cli to
            info.picocli;
}
