package dev.portico.gateway.config;

import java.io.IOException;

/** Puts the config folder in force, one reload at a time, whatever asked for it. */
public interface Reloads {

    /** Reloads now; never throws: a folder that does not validate is a {@link ReloadOutcome.Refused}. */
    ReloadOutcome reload(String trigger);

    /**
     * Changes the folder with {@code edit} and reloads, with no other reload in between; when the folder
     * then does not validate, undoes {@code edit}, so that it never leaves the folder broken.
     */
    ReloadOutcome reloadAfter(String trigger, FolderEdit edit) throws IOException;

    /** A change to files of the folder, and how to take it back. */
    interface FolderEdit {
        void apply() throws IOException;

        void undo() throws IOException;

        /**
         * Whether the edit changes app files only: the reload then reads again only the app files whose
         * stamp differs from the version in force, as a full reload would, without putting every
         * unchanged app in force again.
         */
        default boolean appFilesOnly() {
            return false;
        }
    }
}
