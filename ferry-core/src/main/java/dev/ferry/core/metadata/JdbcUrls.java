package dev.ferry.core.metadata;

import java.util.regex.Pattern;

/** Makes JDBC URLs safe to print in error messages. */
final class JdbcUrls {
    private static final Pattern PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("//([^/@:]+):[^/@]*@");

    private JdbcUrls() {}

    static String redact(String url) {
        String withoutQueryPassword = PASSWORD.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(withoutQueryPassword).replaceAll("//$1:***@");
    }
}
