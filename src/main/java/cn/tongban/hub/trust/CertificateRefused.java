package cn.tongban.hub.trust;

/** A certificate chain the trust store does not accept, with the reason. */
public class CertificateRefused extends Exception {
    private final ChainProblem problem;

    public CertificateRefused(ChainProblem problem, String detail) {
        super(problem + ": " + detail);
        this.problem = problem;
    }

    public ChainProblem problem() {
        return problem;
    }
}
