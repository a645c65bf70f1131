package dev.ebld.maven;

import java.io.File;

/**
 * One {@code <archive>} element of the {@code archives} parameter: a static archive ({@code .a})
 * put on the link line after the objects, optionally with ld's {@code --whole-archive}.
 * Maven fills the fields by name, so they keep the names users write in the POM.
 */
public class Archive {
    /** The archive file. */
    private File file;

    /** Link every member, not only those that define a symbol some input needs. */
    private boolean wholeArchive;

    public Archive() {
        // Maven instantiates configuration objects reflectively.
    }

    public Archive(File file, boolean wholeArchive) {
        this.file = file;
        this.wholeArchive = wholeArchive;
    }

    public File getFile() {
        return file;
    }

    public void setFile(File file) {
        this.file = file;
    }

    public boolean isWholeArchive() {
        return wholeArchive;
    }

    public void setWholeArchive(boolean wholeArchive) {
        this.wholeArchive = wholeArchive;
    }
}
