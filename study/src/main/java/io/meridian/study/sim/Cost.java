package io.meridian.study.sim;

/**
 * Transfer prices the study charges. Participant traffic (agent → participant) is internet egress, priced per region
 * in the study catalog ({@code study-regions.csv}: AWS "Amazon EC2 On-Demand Pricing" page, "Data Transfer" section,
 * "Data Transfer OUT From Amazon EC2 To Internet", first 10 TB/month tier, as published in 2024). Relay traffic
 * between two agents in two regions of the same provider is inter-region transfer, priced here.
 */
public final class Cost {

    /**
     * Inter-region transfer, USD/GB: the same AWS page, "Data Transfer OUT From Amazon EC2 To" another AWS Region,
     * 0.02 USD/GB from US and EU regions (2024); several Asia-Pacific, South American and African regions charge
     * more (up to about 0.14), which this single figure understates.
     */
    public static final double INTER_REGION_USD_PER_GB = 0.02;

    private Cost() {
    }
}
