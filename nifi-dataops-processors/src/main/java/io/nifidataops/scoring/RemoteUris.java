package io.nifidataops.scoring;

import java.net.URI;
import java.net.URISyntaxException;
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

    /** The URI without user info, query and fragment: what provenance, attributes and logs may show (no credentials, no tokens). */
    static URI redact(final URI uri) {
        if (uri.getRawUserInfo() == null && uri.getRawQuery() == null && uri.getRawFragment() == null) {
            return uri;
        }
        try {
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null);
        } catch (final URISyntaxException e) {
            return URI.create(uri.getScheme() + "://" + uri.getHost());
        }
    }
}
