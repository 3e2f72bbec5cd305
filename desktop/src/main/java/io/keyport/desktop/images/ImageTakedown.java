package io.keyport.desktop.images;

/**
 * The admins' legal takedown of an image: the manifest {@code digest} of {@code repository}
 * removed with every tag pointing at it, for {@code reason}, audited by the server, which refuses
 * while an application version points at the image. Blocks; throws the server's refusal as a
 * {@code BackendException}.
 */
@FunctionalInterface
public interface ImageTakedown {

    void takedown(String repository, String digest, String reason);
}
