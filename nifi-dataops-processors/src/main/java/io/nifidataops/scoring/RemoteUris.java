package io.nifidataops.scoring;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Joins a configured base URL and a protocol path, whether or not the base ends with a slash. */
final class RemoteUris {

    private RemoteUris() {
    }

    static URI resolve(final URI base, final String path) {
        final String text = base.toString();
        return URI.create((text.endsWith("/") ? text : text + "/") + path);
    }

    static String segment(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
