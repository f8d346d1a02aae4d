import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MemberEntity, MemberStatus, OrganizationEntity, PasswordHasher } from '@council/accounts';
import { AuditService } from '@council/audit';
import { DEFAULT_CO_CHAIR_PORTFOLIOS, Position, TermsService } from '@council/terms';
import { DEMO_MEMBERS, DEMO_ORGANIZATIONS, DEMO_PASSWORD, DemoOrganizationKey } from './demo-data';
import { DemoMeetingsSeeder } from './demo-meetings';

export interface DemoSeedResult {
  created: boolean;
  logins: Array<{ email: string; description: string }>;
}

// Loads the demo data once: a database that already holds the demo admin is left as it is.
@Injectable()
export class DemoSeeder {
  private readonly logger = new Logger(DemoSeeder.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly terms: TermsService,
    private readonly meetings: DemoMeetingsSeeder,
  ) {}

  async seedOnce(): Promise<DemoSeedResult> {
    const logins = DEMO_MEMBERS.map(({ email, description }) => ({ email, description }));
    const exists = await this.dataSource
      .getRepository(MemberEntity)
      .existsBy({ email: DEMO_MEMBERS[0].email });
    if (exists) return { created: false, logins };

    const passwordHash = await this.hasher.hash(DEMO_PASSWORD);
    const members = await this.dataSource.transaction(async (manager) => {
      const organizations = {} as Record<DemoOrganizationKey, OrganizationEntity>;
      for (const [key, organization] of Object.entries(DEMO_ORGANIZATIONS)) {
        organizations[key as DemoOrganizationKey] = await manager.save(
          manager.create(OrganizationEntity, organization),
        );
      }
      const byEmail = new Map<string, MemberEntity>();
      for (const demo of DEMO_MEMBERS) {
        const member = await manager.save(
          manager.create(MemberEntity, {
            email: demo.email,
            fullName: demo.fullName,
            organizationId: organizations[demo.organization].id,
            status: MemberStatus.ACTIVE,
            isAdmin: demo.isAdmin ?? false,
            passwordHash,
          }),
        );
        byEmail.set(demo.email, member);
      }
      await this.audit.record(manager, {
        actorId: null,
        action: 'demo.seeded',
        summary: { organizations: Object.keys(organizations).length, members: DEMO_MEMBERS.length },
      });
      return byEmail;
    });

    const id = (email: string) => members.get(email)!.id;
    await this.terms.appointFoundingRoster(id('admin@council.example'), this.terms.currentLabel(), [
      { position: Position.CHAIR, memberId: id('chair@council.example') },
      {
        position: Position.CO_CHAIR,
        memberId: id('cochair.regional@council.example'),
        portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[0],
      },
      {
        position: Position.CO_CHAIR,
        memberId: id('cochair.federal@council.example'),
        portfolio: DEFAULT_CO_CHAIR_PORTFOLIOS[1],
      },
      { position: Position.EXECUTIVE_SECRETARY, memberId: id('secretary@council.example') },
    ]);
    await this.meetings.seed(id);
    this.logger.log('demo data loaded');
    return { created: true, logins };
  }
}
