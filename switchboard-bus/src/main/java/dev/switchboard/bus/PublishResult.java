package dev.switchboard.bus;

/**
 * What a publish did. A publish makes one delivery per matching subscription outside queue groups
 * and one per matching queue group.
 *
 * @param matched how many deliveries the subject called for; 0 when nobody subscribes
 * @param delivered how many were accepted into subscription buffers (or handed to a reply inbox)
 * @param dropped how many were refused: buffer full, TTL expired, or dead-lettered on overflow
 */
public record PublishResult(int matched, int delivered, int dropped) {
    /** The result of publishing to a subject nobody subscribes to. */
    public static final PublishResult NO_INTEREST = new PublishResult(0, 0, 0);

    /** Validates that the counts are consistent. */
    public PublishResult {
        if (matched < 0 || delivered < 0 || dropped < 0 || delivered + dropped > matched) {
            throw new IllegalArgumentException(
                    "inconsistent counts: matched="
                            + matched
                            + " delivered="
                            + delivered
                            + " dropped="
                            + dropped);
        }
    }

    /**
     * @return whether some subscription matched the subject
     */
    public boolean hasInterest() {
        return matched > 0;
    }

    /**
     * @return whether every matched delivery was accepted
     */
    public boolean fullyDelivered() {
        return dropped == 0 && delivered == matched;
    }
}
