package io.quarentena.examples;

import io.quarentena.job.QuarantineJob;
import io.quarentena.spark.RunSummary;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.SparkSession;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * The connectors end to end, on loopback: a server shaped like Microsoft Graph serves the CRM
 * spreadsheet from a SharePoint document library, an SFTP server (Apache MINA SSHD) serves the
 * Marketing Cloud export and an S3 API server (S3Proxy) serves the data lake's parquet and the
 * restricted list's JSON lines; the job reads them through the real connectors <b>by configuration
 * alone</b> — the spreadsheet through Graph with an app's client credentials, the SFTP file by its
 * load-date pattern with a pinned host key, the buckets through s3a with per-bucket keys — with
 * every secret a reference ({@code sysprop:}), never in the file.
 *
 * <p>The Graph stand-in speaks plain HTTP on 127.0.0.1, which the SharePoint connector accepts only
 * with {@code allowInsecureLoopbackHttp = true}; against SharePoint Online the endpoints are the
 * HTTPS defaults and that option is left out (docs/connectors.md).
 *
 * <pre>
 * ./mvnw -q -DskipTests -pl examples -am package exec:exec \
 *     -Dexample.mainClass=io.quarentena.examples.ConnectorsDemo -Dexample.args=
 * </pre>
 */
public final class ConnectorsDemo {

  private static final String USER = "quarentena";
  private static final String ACCESS = "demo-access-key";

  private ConnectorsDemo() {}

  /**
   * Runs the demo and stops everything it started.
   *
   * @param args {@code [--home DIR]}
   * @throws Exception when a server cannot start
   */
  public static void main(String[] args) throws Exception {
    Path home =
        args.length >= 2 && args[0].equals("--home")
            ? Paths.get(args[1])
            : Paths.get("target", "quarentena-connectors");
    SparkSession spark = LocalSpark.session(home);
    try {
      System.out.print(run(spark, home));
    } finally {
      spark.stop();
    }
  }

  /**
   * Starts the servers, runs the job against them, stops the servers.
   *
   * @param spark a local session with Delta
   * @param home the demo's directory
   * @return the report
   * @throws Exception when a server cannot start
   */
  public static String run(SparkSession spark, Path home) throws Exception {
    Path dir = home.toAbsolutePath();
    SampleSources.Paths sample = SampleSources.write(spark, dir.resolve("sources"));
    // Secrets come from a secret provider; here JVM system properties, referenced as sysprop:.
    String sftpPassword = randomSecret();
    String s3Secret = randomSecret();
    String graphSecret = randomSecret();
    System.setProperty("quarentena.demo.sftp-password", sftpPassword);
    System.setProperty("quarentena.demo.s3-access-key", ACCESS);
    System.setProperty("quarentena.demo.s3-secret-key", s3Secret);
    System.setProperty("quarentena.demo.graph-client-secret", graphSecret);

    Path sftpRoot = dir.resolve("sftp-root");
    Files.createDirectories(sftpRoot.resolve("Export"));
    Files.copy(
        sample.marketingCsv(),
        sftpRoot.resolve("Export").resolve(sample.marketingCsv().getFileName()),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    LoopbackGraph graph = new LoopbackGraph(graphSecret);
    graph.put(
        "Exports/crm_" + SampleSources.AS_OF.toString().replace("-", "") + ".xlsx",
        Files.readAllBytes(sample.crmXlsx()));
    SshServer sftp = sftpServer(sftpRoot, sftpPassword);
    BlobStoreContext blobs =
        ContextBuilder.newBuilder("transient")
            .credentials("unused", "unused")
            .build(BlobStoreContext.class);
    S3Proxy s3 =
        S3Proxy.builder()
            .blobStore(blobs.getBlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS, s3Secret)
            .build();
    try {
      s3.start();
      while (!"STARTED".equals(s3.getState())) {
        Thread.sleep(10);
      }
      BlobStore store = blobs.getBlobStore();
      upload(store, "data-lake", "recomendacao/", sample.recomendacaoParquet());
      upload(store, "restritos", "export/", sample.restritosJson().getParent());

      String fingerprint =
          KeyUtils.getFingerPrint(
              sftp.getKeyPairProvider().loadKeys(null).iterator().next().getPublic());
      Path config =
          writeConfig(
              dir,
              sample,
              graph.base(),
              sftp.getPort(),
              fingerprint,
              "http://127.0.0.1:" + s3.getPort());
      RunSummary summary =
          QuarantineJob.run(
              spark, "--config", config.toString(), "--as-of", SampleSources.AS_OF.toString());
      // The job printed the summary per channel and source; the report does not repeat it.
      return String.format(
          "%nGraph stand-in on %s, SFTP server on 127.0.0.1:%d (host key %s), S3 API on"
              + " 127.0.0.1:%d.%n"
              + "The job read CRM from SharePoint through Graph, Marketing over SFTP and"
              + " Recomendacao and Restritos from S3 with the configuration %s:%n"
              + "%d rows read, %d accepted, %d rejected; %d customer-channel entries in quarantine"
              + " (per channel and source in the summary the job printed above).%n",
          graph.base(),
          sftp.getPort(),
          fingerprint,
          s3.getPort(),
          config,
          summary.read(),
          summary.accepted(),
          summary.rejected(),
          summary.inQuarantine());
    } finally {
      s3.stop();
      blobs.close();
      sftp.stop(true);
      graph.close();
    }
  }

  private static SshServer sftpServer(Path root, String password) throws IOException {
    SshServer sshd = SshServer.setUpDefaultServer();
    sshd.setHost("127.0.0.1");
    sshd.setPort(0);
    SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider();
    keys.setAlgorithm(KeyUtils.EC_ALGORITHM);
    sshd.setKeyPairProvider(keys);
    sshd.setPasswordAuthenticator((u, p, s) -> USER.equals(u) && password.equals(p));
    sshd.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
    sshd.setFileSystemFactory(new VirtualFileSystemFactory(root));
    sshd.start();
    return sshd;
  }

  private static void upload(BlobStore store, String bucket, String prefix, Path dir)
      throws IOException {
    store.createContainerInLocation(null, bucket);
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".parquet") || name.endsWith(".json")) {
          store.putBlob(bucket, store.blobBuilder(prefix + name).payload(f.toFile()).build());
        }
      }
    }
  }

  private static Path writeConfig(
      Path dir,
      SampleSources.Paths sample,
      String graph,
      int sftpPort,
      String fingerprint,
      String endpoint) {
    String s3Connection =
        "connection { accessKey = \"sysprop:quarentena.demo.s3-access-key\","
            + " secretKey = \"sysprop:quarentena.demo.s3-secret-key\", endpoint = \""
            + endpoint
            + "\", pathStyleAccess = true, region = us-east-1 }";
    String text =
        String.join(
            "\n",
            "# Written by ConnectorsDemo: remote sources by configuration alone; secrets are references.",
            "quarentena {",
            "  output.table = \"" + dir.resolve("tables/quarentena_global") + "\"",
            "  rejects.table = \"" + dir.resolve("tables/quarentena_rejeitados") + "\"",
            "  staging-dir = \"" + dir.resolve("staging") + "\"",
            "  sources {",
            "    crm {",
            "      channel = CRM",
            "      format = xlsx",
            "      location = \"sharepoint://"
                + LoopbackGraph.HOST
                + "/"
                + LoopbackGraph.SITE
                + "/Exports/crm_{yyyyMMdd}.xlsx\"",
            "      connection {",
            "        tenantId = \"" + LoopbackGraph.TENANT + "\"",
            "        clientId = \"" + LoopbackGraph.CLIENT_ID + "\"",
            "        clientSecret = \"sysprop:quarentena.demo.graph-client-secret\"",
            "        # Only for the loopback stand-in; SharePoint Online uses the https defaults.",
            "        graphEndpoint = \"" + graph + "/v1.0\"",
            "        authorityEndpoint = \"" + graph + "\"",
            "        allowInsecureLoopbackHttp = true",
            "      }",
            "      options { sheet = contatos }",
            "      filter = \"data_base = {data_carga}\"",
            "    }",
            "    marketing {",
            "      channel = Marketing",
            "      format = csv",
            "      location = \"sftp://"
                + USER
                + "@127.0.0.1:"
                + sftpPort
                + "/Export/marketing_{yyyyMMdd}.csv\"",
            "      connection {",
            "        password = \"sysprop:quarentena.demo.sftp-password\"",
            "        hostKeyFingerprint = \"" + fingerprint + "\"",
            "      }",
            "      options { sep = \";\" }",
            "      mapping { assunto = subject }",
            "    }",
            "    recomendacao {",
            "      channel = Recomendacao",
            "      format = parquet",
            "      location = \"s3a://data-lake/recomendacao/\"",
            "      " + s3Connection,
            "    }",
            "    restritos {",
            "      channel = Restritos",
            "      format = json",
            "      location = \"s3a://restritos/export/\"",
            "      " + s3Connection,
            "      mapping { email = \"contatos.email\", telefone = \"contatos.numero_telefone\",",
            "                assunto = \"motivos.descricao\", data_envio = \"contatos.data_solicitacao\" }",
            "    }",
            "    ofertas { channel = Ofertas, format = delta, location = \""
                + sample.ofertasDelta()
                + "\" }",
            "    fraude { channel = Fraude, format = delta, location = \""
                + sample.fraudeDelta()
                + "\",",
            "             mapping { data_envio = dt_inclus }, constants { assunto = \"suspeita de fraude\" } }",
            "  }",
            "}");
    Path file = dir.resolve("quarentena-connectors.conf");
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static String randomSecret() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
