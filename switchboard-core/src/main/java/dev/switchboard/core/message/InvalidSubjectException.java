package dev.switchboard.core.message;

import dev.switchboard.core.SwitchboardException;

/** A subject or subscription pattern broke the rules of {@link Subjects}. */
public final class InvalidSubjectException extends SwitchboardException {
    private static final long serialVersionUID = 1L;
    private final String subject;

    /**
     * @param subject the offending subject or pattern
     * @param reason which rule it broke
     */
    public InvalidSubjectException(String subject, String reason) {
        super("invalid subject '" + subject + "': " + reason);
        this.subject = subject;
    }

    /**
     * @return the offending subject or pattern
     */
    public String subject() {
        return subject;
    }
}
