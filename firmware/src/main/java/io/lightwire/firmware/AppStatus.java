package io.lightwire.firmware;

/**
 * The application as {@code /status} shows it under {@code app}.
 *
 * @param name the application's name ({@code ""} without one)
 * @param version its module's or jar's version, {@code dev} from class folders
 * @param state where it is in its life cycle
 * @param failures how often its start or stop threw
 * @param error the last failure, {@code "start: java.lang.IllegalStateException: ..."}, or {@code
 *     ""}
 */
public record AppStatus(String name, String version, AppState state, long failures, String error) {}
