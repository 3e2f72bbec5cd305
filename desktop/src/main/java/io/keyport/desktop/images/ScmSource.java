package io.keyport.desktop.images;

/** Where a tag's image was built from ({@code .../tags/{tag}/scm-source}), as Pier One reports it. */
public record ScmSource(String url, String revision, String author, String status, String created) {

    /** {@code url @ revision}, the revision shortened to 12 characters. */
    public String summary() {
        String rev = revision == null ? "" : revision.length() > 12 ? revision.substring(0, 12) : revision;
        return (url == null ? "" : url) + (rev.isEmpty() ? "" : " @ " + rev);
    }
}
