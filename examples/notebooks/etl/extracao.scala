// Databricks notebook source
// MAGIC %md
// MAGIC # Extraction (`etl/extracao`)
// MAGIC
// MAGIC Brings the remote files into `sources_dir` (a Unity Catalog Volume) through the connectors:
// MAGIC the CRM spreadsheet from SharePoint (Microsoft Graph, an app registration with
// MAGIC `Sites.Selected`, never a user's password) and the Marketing Cloud CSV from SFTP (host key
// MAGIC verified against a pinned fingerprint). Secrets come from a Databricks secret scope and
// MAGIC never appear in the output. Skipped unless the `fetch_remote` widget is `true`.
// MAGIC
// MAGIC Every other source (parquet, JSON lines, Delta) is read where it lies in the next notebook.

// COMMAND ----------

import io.quarentena.connectors.{ContactSources, FetchRequest, SecretProviders}
import java.nio.file.Paths
import scala.collection.JavaConverters._

if (fetchRemote) {
  val secrets = SecretProviders.defaults() // `databricks:scope/key` reads dbutils.secrets
  val staging = Paths.get(sourcesDir.replaceFirst("^dbfs:", ""))
  val remotes = Seq(
    "crm" -> (
      "sharepoint://contoso.sharepoint.com/sites/crm/Exports/crm_data.xlsx",
      Map(
        "tenantId" -> "databricks:quarentena/graph-tenant-id",
        "clientId" -> "databricks:quarentena/graph-client-id",
        "clientSecret" -> "databricks:quarentena/graph-client-secret")),
    "marketing" -> (
      "sftp://quarentena@mc.example.com/Export/marketing_{yyyyMMdd}.csv",
      Map(
        "password" -> "databricks:quarentena/sftp-password",
        "hostKeyFingerprint" -> "SHA256:replace-with-the-server-fingerprint")))
  for ((name, (location, options)) <- remotes) {
    val source = ContactSources.open(location, (options + ("name" -> name)).asJava, secrets)
    try {
      val file = source.fetch(new FetchRequest(staging.resolve(name), asOf))
      println(s"$name: ${file.sizeBytes()} bytes from ${file.remoteName()} to ${file.localPath()}")
    } finally source.close()
  }
} else {
  println(s"fetch_remote=false: using the files already under $sourcesDir")
}
