// `contract-kit/testcontainers`: the simulator image as a testcontainers module (imports testcontainers).
export { ContractKitContainer, StartedContractKitContainer } from '../containers/contract-kit-container.js';
