package cn.tongban.hub.adapters.pull;

/** Where a pull reads: a CSV export fetched over HTTP ({@code csv-http}) or a database table ({@code jdbc}). */
public enum PullKind {
    CSV_HTTP, JDBC
}
