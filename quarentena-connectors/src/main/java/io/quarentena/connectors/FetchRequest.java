package io.quarentena.connectors;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What to fetch: the load date the file is for, and the local directory to put it in.
 *
 * <pre>{@code
 * FetchRequest request = new FetchRequest(Path.of("/tmp/staging"), LocalDate.of(2024, 5, 28));
 * }</pre>
 *
 * @param stagingDir local directory the file is written to; created when missing
 * @param loadDate the load date ({@code data_carga}) that fills date patterns in remote names
 */
public record FetchRequest(Path stagingDir, LocalDate loadDate) {

  /** Validates the request. */
  public FetchRequest {
    Objects.requireNonNull(stagingDir, "stagingDir: give the local directory to fetch into");
    Objects.requireNonNull(loadDate, "loadDate: give the load date the file is for");
  }
}
