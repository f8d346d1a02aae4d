// Demo data: the organisations named in the seed document, fictional people, fixed log-ins.
export const DEMO_PASSWORD = 'council-demo-2026';

export const DEMO_ORGANIZATIONS = {
  cleanTech: {
    name: 'Санкт-Петербургский кластер чистых технологий для городской среды',
    shortName: 'Кластер чистых технологий',
  },
  composite: {
    name: 'ООО «Управляющая компания «Композитный кластер Санкт-Петербурга»',
    shortName: 'Композитный кластер',
  },
  medical: {
    name: 'Союз «НП «Кластер медицинского, экологического приборостроения и биотехнологий»',
    shortName: 'Кластер медприборостроения',
  },
  operator: {
    name: 'Центр кластерного развития АО «Технопарк Санкт-Петербурга»',
    shortName: 'ЦКР Технопарка',
  },
} as const;

export type DemoOrganizationKey = keyof typeof DEMO_ORGANIZATIONS;

export interface DemoMember {
  email: string;
  fullName: string;
  organization: DemoOrganizationKey;
  isAdmin?: boolean;
  description: string;
  // True of the data as loaded, and printed only at that start (it may no longer hold later).
  whenLoaded?: string;
}

export const DEMO_MEMBERS: DemoMember[] = [
  {
    email: 'admin@council.example',
    fullName: 'Анна Сергеевна Белова',
    organization: 'operator',
    isAdmin: true,
    description: 'operator staff (ADMIN)',
  },
  {
    email: 'chair@council.example',
    fullName: 'Николай Андреевич Лебедев',
    organization: 'cleanTech',
    description: 'chair of the current term',
  },
  {
    email: 'cochair.regional@council.example',
    fullName: 'Вадим Петрович Соколов',
    organization: 'composite',
    description: 'co-chair, regional authorities',
  },
  {
    email: 'cochair.federal@council.example',
    fullName: 'Марина Олеговна Кузнецова',
    organization: 'medical',
    description: 'co-chair, federal authorities',
  },
  {
    email: 'secretary@council.example',
    fullName: 'Елена Викторовна Смирнова',
    organization: 'operator',
    description: 'executive secretary',
  },
  {
    email: 'member1@council.example',
    fullName: 'Игорь Дмитриевич Орлов',
    organization: 'cleanTech',
    description: 'member',
  },
  {
    email: 'member2@council.example',
    fullName: 'Ольга Николаевна Морозова',
    organization: 'composite',
    description: 'member',
  },
  {
    email: 'member3@council.example',
    fullName: 'Сергей Александрович Волков',
    organization: 'medical',
    description: 'member',
  },
  {
    email: 'member4@council.example',
    fullName: 'Татьяна Юрьевна Павлова',
    organization: 'cleanTech',
    description: 'member',
  },
  {
    email: 'member5@council.example',
    fullName: 'Алексей Викторович Егоров',
    organization: 'composite',
    description: 'member',
  },
  {
    email: 'member6@council.example',
    fullName: 'Наталья Игоревна Фёдорова',
    organization: 'medical',
    description: 'member',
  },
  {
    email: 'member7@council.example',
    fullName: 'Павел Сергеевич Никитин',
    organization: 'operator',
    description: 'member',
  },
  {
    email: 'member8@council.example',
    fullName: 'Ирина Михайловна Захарова',
    organization: 'composite',
    description: 'member',
    whenLoaded: 'has not voted yet in the open election (only member2 and member4 to member7 have)',
  },
];
