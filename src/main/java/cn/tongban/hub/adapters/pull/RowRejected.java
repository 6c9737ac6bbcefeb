package cn.tongban.hub.adapters.pull;

/** A record that cannot become a case. The message names the column and never carries personal data unmasked. */
public class RowRejected extends Exception {
    public RowRejected(String reason) {
        super(reason, null, false, false);
    }
}
