package servesim.formats.profile.lookup;

/** A lookup the profile cannot answer: an operator it lacks, or a region it does not cover. */
public class ProfileLookupException extends RuntimeException {
    public ProfileLookupException(String message) {
        super(message);
    }
}
